namespace StatusHub.Tests.Support;

/// <summary>An error the fake answers with, in Telegram's words.</summary>
public sealed record TelegramFault(int ErrorCode, string Description, int? RetryAfter = null, long? MigrateToChatId = null)
{
    public static readonly TelegramFault ServerError = new(500, "Internal Server Error");
    public static readonly TelegramFault ChatNotFound = new(400, "Bad Request: chat not found");
    public static readonly TelegramFault BotBlocked = new(403, "Forbidden: bot was blocked by the user");

    /// <summary>No answer at all: the connection is closed under the request.</summary>
    public static readonly TelegramFault DropConnection = new(0, "connection dropped");

    public static TelegramFault TooManyRequests(int retryAfter) => new(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);

    /// <summary>What Telegram answers for a group that became a supergroup.</summary>
    public static TelegramFault UpgradedToSupergroup(long newChatId) => new(400, "Bad Request: group chat was upgraded to a supergroup chat", MigrateToChatId: newChatId);
}
