using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Subscribers;

/// <summary>The subscriber's own page behind the signed, expiring link: change what they follow, or leave.</summary>
public sealed class PreferencesTests : IDisposable
{
    private readonly StatusHubApp _app = new();

    public void Dispose() => _app.Dispose();

    private SubscriberService Subscribers => _app.Services.GetRequiredService<SubscriberService>();

    private string Link(string id) => new Uri(_app.Services.GetRequiredService<PreferenceLinks>().For(id)).PathAndQuery;

    private static string Token(string link) => Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

    [Fact]
    public async Task TheLinkChangesWhichComponentsAreFollowed()
    {
        using var client = _app.CreateClient();
        var api = _app.AddComponent("API");
        var web = _app.AddComponent("Website");
        Subscribers.AddConfirmed(ChannelNames.Email, "ann@example.org", true, null, "staff@example.net");
        var link = Link("email:ann@example.org");

        var page = await client.GetAsync(link, TestContext.Current.CancellationToken);
        var pageHtml = await page.TextAsync();
        var saved = await client.PostFormAsync("/subscribe/preferences", ("token", Token(link)), ("all", "false"), ("components", web.Id));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("@example.org", pageHtml);
        Assert.DoesNotContain("ann@example.org", pageHtml);
        Assert.Contains($"value=\"{api.Id}\"", pageHtml);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("You now follow Website", await saved.TextAsync());
        var subscriber = Subscribers.Find("email:ann@example.org")!;
        Assert.False(subscriber.AllComponents);
        Assert.Equal([web.Id], subscriber.ComponentIds);
    }

    [Fact]
    public async Task TickingAGroupFollowsEveryComponentInIt()
    {
        using var client = _app.CreateClient();
        var group = _app.Services.GetRequiredService<StatusHub.StatusComponents.ComponentService>().CreateGroup("Mail", null, "staff@example.net");
        var smtp = _app.AddComponent("SMTP", group.Id);
        var imap = _app.AddComponent("IMAP", group.Id);
        _app.AddComponent("Website");
        Subscribers.AddConfirmed(ChannelNames.Email, "ann@example.org", true, null, "staff@example.net");

        var saved = await client.PostFormAsync("/subscribe/preferences", ("token", Token(Link("email:ann@example.org"))), ("all", "false"), ("groups", group.Id));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(new[] { smtp.Id, imap.Id }.Order(), Subscribers.Find("email:ann@example.org")!.ComponentIds.Order());
    }

    [Fact]
    public async Task LeavingDeletesTheSubscriber()
    {
        using var client = _app.CreateClient();
        Subscribers.AddConfirmed(ChannelNames.Email, "ann@example.org", true, null, "staff@example.net");
        var token = Token(Link("email:ann@example.org"));

        var left = await client.PostFormAsync("/subscribe/preferences/leave", ("token", token));
        var again = await client.GetAsync($"/subscribe/preferences?token={Uri.EscapeDataString(token)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Contains("You have left", await left.TextAsync());
        Assert.Null(Subscribers.Find("email:ann@example.org"));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("There is no subscription for this address", await again.TextAsync());
    }

    [Fact]
    public async Task AnExpiredOrTamperedLinkGetsAClearPage()
    {
        using var client = _app.CreateClient();
        Subscribers.AddConfirmed(ChannelNames.Email, "ann@example.org", true, null, "staff@example.net");
        var link = Link("email:ann@example.org");
        var tampered = link[..^6] + (link[^6] == 'A' ? 'B' : 'A') + link[^5..];

        var bad = await client.GetAsync(tampered, TestContext.Current.CancellationToken);
        _app.Time.Advance(TimeSpan.FromDays(31));
        var expired = await client.GetAsync(link, TestContext.Current.CancellationToken);
        var expiredPost = await client.PostFormAsync("/subscribe/preferences/leave", ("token", Token(link)));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("This link is not valid", await bad.TextAsync());
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("This link has expired", await expired.TextAsync());
        Assert.Equal(HttpStatusCode.BadRequest, expiredPost.StatusCode);
        Assert.NotNull(Subscribers.Find("email:ann@example.org"));
    }
}
