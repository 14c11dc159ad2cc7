using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Announcements;

/// <summary>
/// Mattermost incoming webhooks (https://developers.mattermost.com/integrate/webhooks/incoming/) on any host, as
/// Mattermost is self-hosted: one Slack-compatible attachment (https://developers.mattermost.com/integrate/reference/message-attachments/)
/// with a fallback, the tone's colour, a title linking to the page and the text. Answers as Slack's: 200 <c>ok</c>, 400, 403
/// (webhooks turned off), 404 (unknown hook), 429.
/// </summary>
public sealed partial class MattermostPlatform : AnnouncementPlatform
{
    public override string Channel => ChannelNames.Mattermost;

    public override string Label => "Mattermost";

    /// <summary>
    /// No per-webhook limit is documented; the server's API rate limit, when its admin turns it on, allows 10 requests a
    /// second by default (https://docs.mattermost.com/configure/environment-configuration-settings.html#rate-limiting).
    /// </summary>
    public override ChannelLimits Limits => new(Concurrency: 2, PerSecond: 10);

    public override string ExampleUrl => "https://mattermost.example.com/hooks/xxx-generatedkey-xxx";

    /// <summary>A post holds 16,383 characters; an announcement has no need of more than this.</summary>
    public override int TextLimit => 4000;

    public override bool IsPlatformUrl(Uri url) => HookPath().IsMatch(url.AbsolutePath);

    public override JsonObject Payload(AnnouncementPost post) => new()
    {
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["fallback"] = $"{post.Title}: {post.Url}",
            ["color"] = Hex(post.Tone),
            ["title"] = post.Title,
            ["title_link"] = post.Url,
            ["text"] = post.Text,
        }),
    };

    [GeneratedRegex("^(/[^/]+)*/hooks/[A-Za-z0-9]+/?$")]
    private static partial Regex HookPath();
}
