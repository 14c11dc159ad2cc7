using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Tests.Operations;

/// <summary>
/// What a load balancer or an orchestrator asks: is the process alive (/healthz), and can it do its work (/readyz: the
/// store takes writes, every channel's dispatcher loop runs). No sign-in, and answered from a short cache.
/// </summary>
public sealed class HealthEndpointsTests : IAsyncDisposable
{
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnswersThatTheProcessIsAliveWithoutASignIn()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        using var body = await JsonBody(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("alive", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task IsReadyWithTheStateOfEveryChannelWhenTheStoreTakesWritesAndTheLoopsRun()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        using var body = await JsonBody(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.True(body.RootElement.GetProperty("store").GetProperty("writable").GetBoolean());
        var channels = body.RootElement.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["bluesky", "discord", "email", "mastodon", "mattermost", "slack", "sms", "teams", "telegram", "webhook"], channels.Keys.Order());
        Assert.All(channels.Values, c =>
        {
            Assert.Equal("running", c.GetProperty("loop").GetString());
            Assert.False(c.GetProperty("configured").GetBoolean());
            Assert.Equal(0, c.GetProperty("queueLength").GetInt32());
            Assert.Equal(JsonValueKind.Null, c.GetProperty("oldestQueuedAgeSeconds").ValueKind);
            Assert.False(c.GetProperty("failing").GetBoolean());
        });
        Assert.False(body.RootElement.GetProperty("export").GetProperty("configured").GetBoolean());
    }

    [Fact]
    public async Task IsNotReadyOnceTheDispatcherLoopsHaveStopped()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        using var before = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);

        await _app.Services.GetRequiredService<Dispatcher>().StopAsync(TestContext.Current.CancellationToken);
        _app.Time.Advance(TimeSpan.FromSeconds(10));
        using var after = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        using var body = await JsonBody(after);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        Assert.Equal("not ready", body.RootElement.GetProperty("status").GetString());
        Assert.Contains("the email dispatcher loop is not running", body.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.All(body.RootElement.GetProperty("channels").EnumerateArray(), c => Assert.Equal("stopped", c.GetProperty("loop").GetString()));
    }

    [Fact]
    public async Task IsNotReadyWhenTheStoreNoLongerTakesWrites()
    {
        // Background loops that meet the closed store end, and by default the host stops with them; this host keeps
        // answering, as one whose store failed under it while serving does until the orchestrator acts on /readyz.
        await using var app = _app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.Configure<HostOptions>(options => options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore)));
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        using var before = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);

        // The database closed under the running app, as a failed disk or a store being swapped leaves it.
        app.Services.GetRequiredService<LiteStore>().Dispose();
        _app.Time.Advance(TimeSpan.FromSeconds(10));
        using var after = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        using var body = await JsonBody(after);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        Assert.False(body.RootElement.GetProperty("store").GetProperty("writable").GetBoolean());
        Assert.Contains(body.RootElement.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("the store does not take writes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswersAProbeStormFromOneCheck()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var first = await JsonBody(await client.GetAsync("/readyz", TestContext.Current.CancellationToken));
        using var second = await JsonBody(await client.GetAsync("/readyz", TestContext.Current.CancellationToken));
        _app.Time.Advance(TimeSpan.FromSeconds(2));
        using var later = await JsonBody(await client.GetAsync("/readyz", TestContext.Current.CancellationToken));

        Assert.Equal(first.RootElement.GetProperty("checkedAt").GetString(), second.RootElement.GetProperty("checkedAt").GetString());
        Assert.NotEqual(first.RootElement.GetProperty("checkedAt").GetString(), later.RootElement.GetProperty("checkedAt").GetString());
    }

    private static async Task<JsonDocument> JsonBody(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
}
