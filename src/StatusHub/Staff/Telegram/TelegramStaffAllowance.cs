using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>A Telegram user id an admin allowed as staff on the Channels page (<c>Telegram:StaffUserIds</c> are allowed too, unstored).</summary>
public sealed record TelegramStaffAllowance : IVersioned
{
    /// <summary>The Telegram user id, as text.</summary>
    public required string Id { get; init; }

    public required string AddedBy { get; init; }
    public DateTime AddedAt { get; init; }
    public int Version { get; init; }
}
