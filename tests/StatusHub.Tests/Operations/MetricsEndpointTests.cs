using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;
using StatusHub.Tests.Channels.Email;

namespace StatusHub.Tests.Operations;

/// <summary>
/// /metrics in Prometheus text: deliveries, queues, page renders and the HTTP server's own series, for the addresses
/// and the token configuration allows; everyone else is refused outright, never sent to the staff sign-in.
/// </summary>
public sealed class MetricsEndpointTests : EmailAppTest
{
    [Fact]
    public async Task ShowsDeliveriesQueuesAndPageRendersToLoopback()
    {
        await using var app = Started(["ada@example.org"]);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        app.OpenIncident("Checkout is down");
        await Sink.WaitForAsync(1);
        await SentAsync(app.Services.GetRequiredService<LiteStore>());
        (await client.GetAsync("/", TestContext.Current.CancellationToken)).Dispose();
        (await client.GetAsync("/", TestContext.Current.CancellationToken)).Dispose();
        using var response = await GetMetricsAsync(client, "127.0.0.1");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        // Every series carries its meter's name first (otel_scope_name), then its own labels.
        Assert.Matches(Series("statushub_deliveries_total", "channel=\"email\",outcome=\"sent\"", "[1-9]"), text);
        Assert.Matches(Series("statushub_outbox_queue_length", "channel=\"email\"", "\\d"), text);
        Assert.Matches(Series("statushub_outbox_oldest_queued_age_seconds", "channel=\"email\"", "\\d"), text);
        Assert.Matches(Series("statushub_page_renders_total", "media_type=\"text/html\"", "[1-9]"), text);
        Assert.Matches(Series("statushub_page_cache_hits_total", "media_type=\"text/html\"", "[1-9]"), text);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
    }

    [Fact]
    public async Task RefusesAnAddressOutsideTheAllowedNetworks()
    {
        await using var app = Started([]);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await GetMetricsAsync(client, "203.0.113.7");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("statushub_", text);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task RefusesLoopbackWhenTheConfigurationAllowsOnlyAnotherNetwork()
    {
        await using var app = Started([], new() { ["Metrics:AllowedNetworks:0"] = "10.1.0.0/16" });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var loopback = await GetMetricsAsync(client, "127.0.0.1");
        using var allowed = await GetMetricsAsync(client, "10.1.2.3");

        Assert.Equal(HttpStatusCode.Forbidden, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task LetsAnyAddressInWithTheBearerTokenAndAsksTheOthersForIt()
    {
        await using var app = Started([], new() { ["Metrics:Token"] = "scrape-secret-0123456789" });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var without = await GetMetricsAsync(client, "203.0.113.7");
        using var wrong = await GetMetricsAsync(client, "203.0.113.7", "scrape-secret-012345678X");
        using var right = await GetMetricsAsync(client, "203.0.113.7", "scrape-secret-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Bearer", Assert.Single(without.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task IsNotServedWhenSwitchedOff()
    {
        await using var app = Started([], new() { ["Metrics:Enabled"] = "false" });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await GetMetricsAsync(client, "127.0.0.1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("statushub_", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private WebApplicationFactory<Program> Started(IReadOnlyList<string> recipients, Dictionary<string, string>? more = null) =>
        App.WithEmail(Sink, recipients, more).WithWebHostBuilder(ConnectionFrom.Install);

    private static async Task<HttpResponseMessage> GetMetricsAsync(HttpClient client, string from, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(ConnectionFrom.Header, from);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string Series(string name, string labels, string value) =>
        $"(?m)^{name}\\{{otel_scope_name=\"StatusHub\\.\\w+\",{System.Text.RegularExpressions.Regex.Escape(labels)}\\}} {value}";

    /// <summary>Waits (real time, bounded) until the outbox has recorded the email as sent.</summary>
    private static async Task SentAsync(LiteStore store)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!store.Collection<Delivery>().Find(d => d.Channel == ChannelNames.Email).Any(d => d.State == DeliveryState.Sent))
        {
            await Task.Delay(20, limit.Token);
        }
    }
}
