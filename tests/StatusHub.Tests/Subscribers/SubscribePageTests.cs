using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Subscribers;

/// <summary>The public subscribe panel: plain HTML forms any browser can send, served like the other public pages.</summary>
public sealed class SubscribePageTests : IDisposable
{
    private readonly StatusHubFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task RendersPlainFormsForEveryChannelWithoutScriptOrCookie()
    {
        using var client = _app.CreateClient();
        var api = _app.AddComponent("API");

        var response = await client.GetAsync("/subscribe", TestContext.Current.CancellationToken);
        var html = await response.TextAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("<script", html);
        Assert.Contains("<form method=\"post\" action=\"/subscribe/email\">", html);
        Assert.Contains("<form method=\"post\" action=\"/subscribe/sms\">", html);
        Assert.Contains("<form method=\"post\" action=\"/subscribe/webhook\">", html);
        Assert.Contains("href=\"/subscribe/telegram\"", html);
        foreach (var field in new[] { "name=\"email\"", "name=\"phone\"", "name=\"url\"", "name=\"all\" value=\"true\"", "name=\"all\" value=\"false\"", $"name=\"components\" value=\"{api.Id}\"" })
        {
            Assert.Contains(field, html);
        }
    }

    [Fact]
    public async Task OffersTheFeedsAndTheCalendarWithoutASignUp()
    {
        using var client = _app.CreateClient();

        var html = await (await client.GetAsync("/subscribe", TestContext.Current.CancellationToken)).TextAsync();

        foreach (var feed in new[] { "/history.rss", "/history.atom", "/maintenance.ics", "/api/v2/summary.json" })
        {
            Assert.Contains($"href=\"{feed}\"", html);
        }
    }

    [Fact]
    public async Task EveryPublicPageLinksToIt()
    {
        using var client = _app.CreateClient();

        var home = await (await client.GetAsync("/", TestContext.Current.CancellationToken)).TextAsync();

        Assert.Contains("<a href=\"/subscribe\">Subscribe to updates</a>", home);
    }

    [Fact]
    public async Task GroupsHaveTheirOwnBox()
    {
        using var client = _app.CreateClient();
        var group = _app.Services.GetRequiredService<ComponentService>().CreateGroup("Mail", null, "staff@example.net");
        _app.AddComponent("SMTP", group.Id);

        var html = await (await client.GetAsync("/subscribe", TestContext.Current.CancellationToken)).TextAsync();

        Assert.Contains($"name=\"groups\" value=\"{group.Id}\"", html);
    }

    [Fact]
    public async Task EscapesMarkupInComponentNames()
    {
        using var client = _app.CreateClient();
        _app.AddComponent("<img src=x onerror=alert(1)>");

        var html = await (await client.GetAsync("/subscribe", TestContext.Current.CancellationToken)).TextAsync();

        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }
}
