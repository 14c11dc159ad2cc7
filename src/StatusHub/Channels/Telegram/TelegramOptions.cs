using System.Globalization;

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

    /// <summary>
    /// The staff user ids as configuration gave them (key under <c>Telegram:StaffUserIds</c>, text), read beside the binder,
    /// which drops an id it cannot read without a word; null for options built in code.
    /// </summary>
    public IReadOnlyList<(string Key, string? Text)>? StaffUserIdsAsConfigured { get; private set; }

    /// <summary>Keeps what configuration says under <c>Telegram:StaffUserIds</c>, so <see cref="Problem"/> can name an id that is not one.</summary>
    public void ReadStaffUserIds(IConfigurationSection staffUserIds) =>
        StaffUserIdsAsConfigured = staffUserIds.Value is { Length: > 0 } single
            ? [("", single)]
            : [.. staffUserIds.GetChildren().Select(c => (c.Key, c.Value))];

    /// <summary>Why the channel cannot post, naming the key to set; null when it can.</summary>
    public string? Problem() => WrongValue() ?? Missing(
        string.IsNullOrWhiteSpace(ChannelChatId) && string.IsNullOrWhiteSpace(GroupChatId),
        "Telegram:ChannelChatId or Telegram:GroupChatId (a numeric chat id or @name)");

    /// <summary>
    /// Why the bot cannot hear updates, naming the key to set; null when it can. A staff chat is reason enough to run
    /// it, even with nothing to post to: a team may use the bot for staff only.
    /// </summary>
    public string? BotProblem() => WrongValue() ?? Missing(
        string.IsNullOrWhiteSpace(ChannelChatId) && string.IsNullOrWhiteSpace(GroupChatId) && string.IsNullOrWhiteSpace(StaffChatId),
        "Telegram:ChannelChatId, Telegram:GroupChatId or Telegram:StaffChatId (a numeric chat id)");

    private string? Missing(bool noChat, string chats)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(BotToken))
        {
            missing.Add("Telegram:BotToken (from @BotFather)");
        }

        if (noChat)
        {
            missing.Add(chats);
        }

        return missing.Count == 0 ? null : "missing " + string.Join(" and ", missing);
    }

    /// <summary>A value that is set but cannot be right: whatever uses the section stays off until it is fixed.</summary>
    private string? WrongValue()
    {
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

        // Staff are told apart by numbers only: an @name can be given away and taken by someone else.
        if (!string.IsNullOrWhiteSpace(StaffChatId) && !long.TryParse(StaffChatId.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return $"Telegram:StaffChatId '{StaffChatId}' is not a numeric chat id: name the staff group by its number (-100…), never by @name";
        }

        var configured = StaffUserIdsAsConfigured ?? [.. StaffUserIds.Select((id, i) => (i.ToString(CultureInfo.InvariantCulture), (string?)id.ToString(CultureInfo.InvariantCulture)))];
        foreach (var (key, text) in configured)
        {
            if (key.Length == 0)
            {
                return $"Telegram:StaffUserIds '{text}' is a single value: it is a list, set Telegram:StaffUserIds:0, Telegram:StaffUserIds:1 … (environment: Telegram__StaffUserIds__0)";
            }

            if (!IsUserId(text))
            {
                return $"Telegram:StaffUserIds:{key} '{text}' is not a Telegram user id: use the person's number (a positive number, which /whoami shows them), not a @username";
            }
        }

        return null;
    }

    /// <summary>A Telegram user id as text: a positive number (user ids are, chat ids of groups are not).</summary>
    public static bool IsUserId(string? text) =>
        text?.Trim() is { Length: > 0 and <= 20 } trimmed && long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0;

    /// <summary>A numeric chat id or an @username, the two forms the Bot API takes.</summary>
    public static bool IsChatId(string target) =>
        long.TryParse(target, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ||
        (target.Length > 1 && target[0] == '@' && !target.Any(char.IsWhiteSpace));

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,16}:[A-Za-z0-9_-]+$")]
    private static partial System.Text.RegularExpressions.Regex TokenShape();
}
