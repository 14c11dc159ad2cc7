using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using StatusHub.Tests.Channels.Email;
using StatusHub.Tests.Subscribers;

namespace StatusHub.Tests.Hosting;

/// <summary>
/// Who the client is behind a proxy: the per-IP sign-up limit counts each customer the proxy forwards, and only a
/// trusted proxy's word is taken. The test server has no sockets, so each request says which address it comes from.
/// </summary>
public sealed class ReverseProxyTests : EmailAppTest
{
    [Fact]
    public async Task CountsEachCustomerAProxyOnTheSameMachineForwardsOnItsOwn()
    {
        await using var app = Started();
        using var client = app.CreateClient();

        var first = await SignUpsAsync(client, "127.0.0.1", "203.0.113.1", 3);
        var other = await SignUpsAsync(client, "127.0.0.1", "203.0.113.2", 1);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.OK], other);
    }

    [Fact]
    public async Task IgnoresForwardedHeadersFromAnUntrustedAddress()
    {
        await using var app = Started();
        using var client = app.CreateClient();

        // Each request claims another client; all of them come from one address nobody configured.
        var answers = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            answers.AddRange(await SignUpsAsync(client, "198.51.100.9", $"203.0.113.{i}", 1));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task TrustsTheConfiguredProxiesAndNetworks()
    {
        await using var app = Started(new() { ["ReverseProxy:KnownProxies:0"] = "192.0.2.10", ["ReverseProxy:KnownNetworks:0"] = "10.0.0.0/8" });
        using var client = app.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            answers.AddRange(await SignUpsAsync(client, "192.0.2.10", $"203.0.113.{i}", 1));
            answers.AddRange(await SignUpsAsync(client, $"10.0.{i}.1", $"198.51.100.{i}", 1));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
    }

    [Fact]
    public void RefusesToStartWithAProxyThatIsNoAddress()
    {
        using var app = Started(new() { ["ReverseProxy:KnownNetworks:0"] = "10.0.0.0/33" });

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("ReverseProxy:KnownNetworks has '10.0.0.0/33', which is not a network such as 10.0.0.0/8.", failure.ToString());
    }

    private WebApplicationFactory<Program> Started(Dictionary<string, string>? more = null) =>
        App.WithEmail(Sink, [], new Dictionary<string, string>(more ?? []) { ["Subscribers:RequestsPerWindow"] = "2" })
            .WithConnectionFromHeader();

    private static async Task<List<HttpStatusCode>> SignUpsAsync(HttpClient client, string connectionFrom, string forwardedFor, int count)
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/subscribe/email")
            {
                Content = new FormUrlEncodedContent([new("email", $"{Guid.NewGuid():n}@example.org"), new("all", "true")]),
            };
            request.Headers.Add(ConnectionFrom.Header, connectionFrom);
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            answers.Add(response.StatusCode);
        }

        return answers;
    }
}
