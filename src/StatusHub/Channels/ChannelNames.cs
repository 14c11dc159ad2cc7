namespace StatusHub.Channels;

public static class ChannelNames
{
    public const string Telegram = "telegram";
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Webhook = "webhook";
    public const string Mastodon = "mastodon";
    public const string Bluesky = "bluesky";

    /// <summary>The channels people subscribe to.</summary>
    public static readonly IReadOnlyList<string> All = [Telegram, Email, Sms, Webhook];

    /// <summary>The company's own social accounts: posted to, never subscribed to.</summary>
    public static readonly IReadOnlyList<string> Social = [Mastodon, Bluesky];
}
