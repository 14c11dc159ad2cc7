namespace StatusHub.Channels;

public static class ChannelNames
{
    public const string Telegram = "telegram";
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [Telegram, Email, Sms, Webhook];
}
