namespace StatusHub.Channels;

public static class ChannelNames
{
    public const string Telegram = "telegram";
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Webhook = "webhook";
    public const string Mastodon = "mastodon";
    public const string Bluesky = "bluesky";

    public const string Slack = "slack";
    public const string Mattermost = "mattermost";
    public const string Teams = "teams";
    public const string Discord = "discord";

    /// <summary>The channels subscribers can use (and the management API names).</summary>
    public static readonly IReadOnlyList<string> All = [Telegram, Email, Sms, Webhook];

    /// <summary>Chat workspaces' incoming webhooks, registered by staff; nobody subscribes through them.</summary>
    public static readonly IReadOnlyList<string> Announcements = [Slack, Mattermost, Teams, Discord];

    /// <summary>The company's own social accounts: posted to, never subscribed to.</summary>
    public static readonly IReadOnlyList<string> Social = [Mastodon, Bluesky];
}
