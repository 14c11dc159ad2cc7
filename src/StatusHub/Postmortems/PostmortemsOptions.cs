namespace StatusHub.Postmortems;

/// <summary>
/// The <c>Postmortems</c> section. Its <c>NotifySms</c> switch belongs to the SMS channel's options
/// (<see cref="Channels.Sms.SmsOptions.PostmortemsSwitch"/>): the feature that owns the options decides.
/// </summary>
public sealed class PostmortemsOptions
{
    public const string Section = "Postmortems";

    /// <summary>The public link to the Telegram announcement channel for customer letters (https://t.me/…); when empty, made from an <c>@name</c> in Telegram:ChannelChatId.</summary>
    public string? TelegramChannelUrl { get; set; }

    /// <summary>The invitation link to the Telegram discussion group for customer letters; a group has no public link otherwise.</summary>
    public string? TelegramGroupUrl { get; set; }

    /// <summary>
    /// A link that is not an absolute http(s) URL is left out of letters, and the letter page says which key to fix:
    /// a typo here must not stop the status page from starting.
    /// </summary>
    public static (string? Url, string? Problem) Link(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, null);
        }

        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? (uri.ToString(), null)
            : (null, $"Postmortems:{key} '{value}' is not a link such as https://t.me/examplestatus; it is left out of letters.");
    }
}
