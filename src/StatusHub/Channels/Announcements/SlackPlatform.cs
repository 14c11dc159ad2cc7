using System.Text.Json.Nodes;
using StatusHub.Channels.Outbox;
using StatusHub.Text;

namespace StatusHub.Channels.Announcements;

/// <summary>
/// Slack incoming webhooks (https://api.slack.com/messaging/webhooks): Block Kit <c>blocks</c> (a header, the text as
/// mrkdwn, a link to the page) with a plain <c>text</c> fallback for notifications. Slack answers <c>ok</c>, or 400
/// <c>invalid_payload</c>, 403 <c>invalid_token</c>/<c>action_prohibited</c>, 404 <c>no_service</c>/<c>channel_not_found</c>,
/// 410 <c>channel_is_archived</c>, 429 with Retry-After.
/// </summary>
public sealed class SlackPlatform : AnnouncementPlatform
{
    public override string Channel => ChannelNames.Slack;

    public override string Label => "Slack";

    /// <summary>
    /// https://api.slack.com/docs/rate-limits, "Incoming webhooks": 1 message per second per webhook, short bursts
    /// allowed; over it Slack answers 429 with Retry-After.
    /// </summary>
    public override ChannelLimits Limits => new(Concurrency: 1, PerSecond: 1, PerTargetPerMinute: 60);

    public override string ExampleUrl => "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";

    /// <summary>Block Kit: a header's plain_text holds 150 characters, a section's text 3,000.</summary>
    public override int TitleLimit => 150;

    public override int TextLimit => 3000;

    public override bool IsPlatformUrl(Uri url) =>
        url.Host is "hooks.slack.com" or "hooks.slack-gov.com" && url.AbsolutePath.StartsWith("/services/", StringComparison.Ordinal);

    public override JsonObject Payload(AnnouncementPost post) => new()
    {
        ["text"] = $"{post.Title}: {post.Url}",
        ["blocks"] = new JsonArray(
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = post.Title } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Ellipsis.Shorten(Escape(post.Text.Length > 0 ? post.Text : post.Title), TextLimit) } },
            new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"<{Escape(post.Url)}|{Escape(post.LinkText)}>" }),
            }),
    };

    /// <summary>Slack reads &amp;, &lt; and &gt; as markup in mrkdwn (links, mentions): staff text shows them as written.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
