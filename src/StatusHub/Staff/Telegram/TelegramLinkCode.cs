using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// A one-time code that links the Telegram user who sends it to the bot to the staff account that asked for it. Only its
/// hash is stored: the code itself is shown once, on the account page, to the person signed in.
/// </summary>
public sealed record TelegramLinkCode : IVersioned
{
    /// <summary>SHA-256 of the code, hex.</summary>
    public required string Id { get; init; }

    public required string AccountId { get; init; }
    public DateTime IssuedAt { get; init; }
    public DateTime ExpiresAt { get; init; }

    /// <summary>When it stopped working before its time: used, replaced by a newer code, or shown in a group.</summary>
    public DateTime? EndedAt { get; init; }

    public TelegramLinkCodeEnd? End { get; init; }
    public int Version { get; init; }
}

public enum TelegramLinkCodeEnd
{
    Used,
    Replaced,
    ShownInAGroup,
}

/// <summary>A code just issued: the only moment its text exists.</summary>
public sealed record IssuedLinkCode(string Code, DateTime ExpiresAt);
