using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// What a staff button does, kept on the server: the button carries only <see cref="Id"/>, a random token, so callback
/// data typed by hand names nothing. Bound to the user it was shown to (or to any linked staff member), expiring, and a
/// one-shot button is used at most once.
/// </summary>
public sealed record TelegramCallback : IVersioned
{
    public required string Id { get; init; }

    /// <summary>What the button does, named by the feature that issued it (e.g. <c>incident.publish</c>).</summary>
    public required string Action { get; init; }

    /// <summary>The feature's own state for the action (a draft id, an incident id …); never shown, never parsed from the client.</summary>
    public string Payload { get; init; } = "";

    /// <summary>The Telegram user who may use it; null: any linked staff member (a list shown in the staff chat).</summary>
    public long? ForUserId { get; init; }

    public DateTime IssuedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? UsedAt { get; init; }

    /// <summary>Why the button was spent without being tapped (its preview replaced, its command cancelled), said to a later tap.</summary>
    public string? SpentBecause { get; init; }
    public int Version { get; init; }
}
