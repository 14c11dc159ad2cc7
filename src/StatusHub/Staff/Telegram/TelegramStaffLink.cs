using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>A Telegram user linked to a staff account: what they do through the bot is done, and audited, as that account.</summary>
public sealed record TelegramStaffLink : IVersioned
{
    /// <summary>The Telegram user id, as text (a username can change hands, an id cannot).</summary>
    public required string Id { get; init; }

    public required string AccountId { get; init; }

    /// <summary>The @username when linked, to show staff who is who; never used to decide anything.</summary>
    public string? Username { get; init; }

    public DateTime LinkedAt { get; init; }
    public int Version { get; init; }
}
