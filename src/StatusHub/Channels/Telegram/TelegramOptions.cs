namespace StatusHub.Channels.Telegram;

/// <summary>The <c>Telegram</c> section: a bot that posts to an announcement channel and a discussion group.</summary>
public sealed class TelegramOptions
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

        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"Telegram:ApiBaseUrl '{ApiBaseUrl}' is not an absolute http(s) URL";
        }

        return missing.Count == 0 ? null : "missing " + string.Join(" and ", missing);
    }
}
