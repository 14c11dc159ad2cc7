namespace StatusHub.Channels.Telegram;

/// <summary>The <c>Telegram</c> section: a bot that posts to an announcement channel and a discussion group.</summary>
public sealed partial class TelegramOptions
{
    public const string Section = "Telegram";
    public const string DefaultApiBaseUrl = "https://api.telegram.org";

    /// <summary>From @BotFather; keep it out of committed files (environment: <c>Telegram__BotToken</c>).</summary>
    public string? BotToken { get; set; }

    /// <summary>Telegram's, or a self-hosted Bot API server's.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>The announcement channel: a numeric id (-100…) or @channelname. The bot must be an admin there to post and pin.</summary>
    public string? ChannelChatId { get; set; }

    /// <summary>The discussion group: a numeric id or @groupname, with the bot as a member.</summary>
    public string? GroupChatId { get; set; }

    /// <summary>
    /// The staff chat: a numeric chat id (a private group or supergroup of the team, with the bot as a member) where linked
    /// staff run incidents and customers' messages arrive. Followed when Telegram turns the group into a supergroup.
    /// </summary>
    public string? StaffChatId { get; set; }

    /// <summary>
    /// Telegram user ids allowed to act as staff once linked to a staff account (admins can add more on the Channels page;
    /// those are stored, these are not). Numbers, as Telegram gives them: a username can change hands, an id cannot.
    /// </summary>
    public List<long> StaffUserIds { get; set; } = [];

    public const string PollingMode = "Polling";
    public const string WebhookMode = "Webhook";

    /// <summary>
    /// How the bot hears commands: "Polling" (getUpdates; no public URL needed) or "Webhook" (Telegram posts to
    /// {StatusPage:PublicUrl}/telegram/updates). A string, not an enum: a typo must switch the bot off with a
    /// message, not make every read of this section throw.
    /// </summary>
    public string UpdatesMode { get; set; } = PollingMode;

    public bool UsesWebhook => string.Equals(UpdatesMode?.Trim(), WebhookMode, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Webhook mode only: the secret_token given to setWebhook, which Telegram sends back in the
    /// X-Telegram-Bot-Api-Secret-Token header (16 to 256 characters: A-Z, a-z, 0-9, _ and -).
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The bot's @username without the @, for t.me links; asked of getMe when empty.</summary>
    public string? BotUsername { get; set; }

    /// <summary>Messages per second over all chats (Telegram allows about 30).</summary>
    public double PerSecond { get; set; } = 30;

    /// <summary>Messages per minute into one group (Telegram allows 20).</summary>
    public int PerChatPerMinute { get; set; } = 20;

    public string? Problem()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(BotToken))
        {
            missing.Add("Telegram:BotToken (from @BotFather)");
        }

        if (string.IsNullOrWhiteSpace(ChannelChatId) && string.IsNullOrWhiteSpace(GroupChatId))
        {
            missing.Add("Telegram:ChannelChatId or Telegram:GroupChatId (a numeric chat id or @name)");
        }

        // Telegram.Bot keeps only scheme://host:port of the base URL and throws on a token without the bot id.
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
        {
            return $"Telegram:ApiBaseUrl '{ApiBaseUrl}' is not an http(s) URL of the form https://host[:port] (no path)";
        }

        if (!string.IsNullOrWhiteSpace(BotToken) && !TokenShape().IsMatch(BotToken))
        {
            return "Telegram:BotToken does not look like a bot token from @BotFather (digits, a colon, then letters)";
        }

        foreach (var (key, value) in new[] { ("ChannelChatId", ChannelChatId), ("GroupChatId", GroupChatId) })
        {
            if (!string.IsNullOrWhiteSpace(value) && !IsChatId(value.Trim()))
            {
                return $"Telegram:{key} '{value}' is not a chat id: use the number (-100…) or @name";
            }
        }

        return missing.Count == 0 ? null : "missing " + string.Join(" and ", missing);
    }

    /// <summary>A numeric chat id or an @username, the two forms the Bot API takes.</summary>
    public static bool IsChatId(string target) =>
        long.TryParse(target, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _) ||
        (target.Length > 1 && target[0] == '@' && !target.Any(char.IsWhiteSpace));

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,16}:[A-Za-z0-9_-]+$")]
    private static partial System.Text.RegularExpressions.Regex TokenShape();
}
