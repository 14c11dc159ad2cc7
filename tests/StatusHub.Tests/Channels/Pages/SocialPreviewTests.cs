using Bunit;
using StatusHub.Channels.Social;
using StatusHub.Incidents.Pages;

namespace StatusHub.Tests.Channels.Pages;

/// <summary>The publish panel with both social accounts on (pointed at a port nothing listens on: only the preview is under test).</summary>
public class SocialPreviewTests() : ChannelPageApp(new Dictionary<string, string>
{
    ["Social:Mastodon:InstanceUrl"] = "http://127.0.0.1:9",
    ["Social:Mastodon:AccessToken"] = "token",
    ["Social:Bluesky:Service"] = "http://127.0.0.1:9",
    ["Social:Bluesky:Identifier"] = "status.example.com",
    ["Social:Bluesky:AppPassword"] = "abcd-efgh-ijkl-mnop",
})
{
    [Fact]
    public void ThePreviewShowsEachPostAsItGoesOutWithItsLengthAgainstThePlatformsLimitAndBlueskysLinkCard()
    {
        var page = Render<ManageIncidents>();
        page.Find("#incident-title").Change("Login <failures> & timeouts 👨‍👩‍👧‍👦");
        page.Find("#incident-body").Input("We are **investigating** <script>alert(1)</script>.");

        page.Find("button.preview-messages").Click();

        var mastodon = page.Find("[aria-label='Mastodon preview']");
        var toot = mastodon.QuerySelector(".message-text")!.TextContent;
        Assert.Contains("to 1 recipient", mastodon.TextContent);
        Assert.StartsWith("🔴 Login <failures> & timeouts 👨‍👩‍👧‍👦", toot);
        Assert.Contains("Investigating: We are investigating <script>alert(1)</script>.", toot);
        Assert.Equal($"{SocialText.MastodonLength(toot)} of 500 characters", mastodon.QuerySelector(".post-length")!.TextContent);
        Assert.Empty(page.FindAll("script"));
        var bluesky = page.Find("[aria-label='Bluesky preview']");
        var post = bluesky.QuerySelector(".message-text")!.TextContent;
        Assert.Equal(toot, post);
        Assert.Equal($"{SocialText.Graphemes(post)} of 300 graphemes", bluesky.QuerySelector(".post-length")!.TextContent);
        Assert.Contains("Login <failures> & timeouts 👨‍👩‍👧‍👦", bluesky.QuerySelector(".link-card")!.TextContent);
        Assert.Contains("Investigating · ", bluesky.QuerySelector(".link-card")!.TextContent);
    }
}
