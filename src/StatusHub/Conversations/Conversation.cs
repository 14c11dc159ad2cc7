using StatusHub.Channels;
using StatusHub.Storage;

namespace StatusHub.Conversations;

public enum ConversationState
{
    Open,
    Closed,
}

/// <summary>
/// A customer's thread with the team: where answers go back to (an email address, or the private chat the customer wrote
/// to the bot from), the incident they were looking at, and whether staff consider it dealt with. Deleted, address and
/// all, <see cref="ConversationsOptions.RetentionDays"/> after its last message.
/// </summary>
public sealed record Conversation : IVersioned
{
    public const int MaxNameLength = 100;

    public required string Id { get; init; }

    /// <summary><see cref="ChannelNames.Email"/> (the Contact us form) or <see cref="ChannelNames.Telegram"/> (the bot).</summary>
    public required string Channel { get; init; }

    /// <summary>The email address (lower case), or the Telegram chat id: the target answers are queued to.</summary>
    public required string Address { get; init; }

    /// <summary>The name typed into the form, or the Telegram user's first name.</summary>
    public string? Name { get; init; }

    /// <summary>The Telegram @username without the @, when the user has one.</summary>
    public string? TelegramHandle { get; init; }

    /// <summary>
    /// The language answers are framed in (one of <see cref="Localization.Languages.Supported"/>): for the bot, the
    /// customer's as a subscriber or as their Telegram app reports it; null for the Contact us form, which is in the page's.
    /// </summary>
    public string? Language { get; init; }

    public string? IncidentId { get; init; }
    public string? IncidentTitle { get; init; }
    public ConversationState State { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime LastActivityAt { get; init; }
    public int Version { get; init; }

    /// <summary>How staff see where an answer goes: "ann@example.org", "@ann on Telegram" or "Telegram chat 4242".</summary>
    public string ReplyAddress => Channel == ChannelNames.Telegram
        ? TelegramHandle is { } handle ? $"@{handle} on Telegram" : $"Telegram chat {Address}"
        : Address;

    public static string AuditSubject(string id) => $"conversation:{id}";
}
