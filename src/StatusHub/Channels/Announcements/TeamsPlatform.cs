using System.Text.Json.Nodes;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Announcements;

/// <summary>
/// Microsoft Teams workflow webhooks (Power Automate's "Post to a channel when a webhook request is received",
/// https://learn.microsoft.com/connectors/teams/#microsoft-teams-webhook): a message with one Adaptive Card 1.4 attachment.
/// The flow answers 202 Accepted; 429 with Retry-After when throttled; 400/401/403/404 when the flow refuses or is gone.
/// </summary>
public sealed class TeamsPlatform : AnnouncementPlatform
{
    public override string Channel => ChannelNames.Teams;

    public override string Label => "Microsoft Teams";

    /// <summary>
    /// https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook: "If more
    /// than four requests are made in a second, the client connection is throttled"; a message holds about 28 KB.
    /// </summary>
    public override ChannelLimits Limits => new(Concurrency: 1, PerSecond: 4);

    public override string ExampleUrl => "https://prod-00.westus.logic.azure.com:443/workflows/…/triggers/manual/paths/invoke?api-version=2016-06-01&sig=…";

    /// <summary>Well under the 28 KB a Teams message holds, card markup included.</summary>
    public override int TextLimit => 20_000;

    public override bool IsPlatformUrl(Uri url) =>
        url.Host.EndsWith(".logic.azure.com", StringComparison.OrdinalIgnoreCase) ||
        url.Host.EndsWith(".api.powerplatform.com", StringComparison.OrdinalIgnoreCase) ||
        url.Host.Equals("api.powerautomate.com", StringComparison.OrdinalIgnoreCase);

    public override JsonObject Payload(AnnouncementPost post) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["content"] = new JsonObject
            {
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                ["type"] = "AdaptiveCard",
                ["version"] = "1.4",
                ["body"] = new JsonArray(
                    new JsonObject { ["type"] = "TextBlock", ["text"] = post.Title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true, ["color"] = Color(post.Tone) },
                    new JsonObject { ["type"] = "TextBlock", ["text"] = post.Text, ["wrap"] = true }),
                ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = post.LinkText, ["url"] = post.Url }),
            },
        }),
    };

    /// <summary>Adaptive Cards name colours by meaning, not value.</summary>
    private static string Color(AnnouncementTone tone) => tone switch
    {
        AnnouncementTone.Minor or AnnouncementTone.Major => "Warning",
        AnnouncementTone.Critical => "Attention",
        AnnouncementTone.Resolved => "Good",
        AnnouncementTone.Maintenance => "Accent",
        _ => "Default",
    };
}
