using System.ComponentModel.DataAnnotations;

namespace StatusHub.Channels.Outbox;

/// <summary>The <c>Outbox</c> section: how long delivery rows are kept.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public const int DefaultDeliveryRetentionDays = 180;

    /// <summary>
    /// Delivery rows of notices older than this are deleted once every notice of the same incident or maintenance is
    /// finished and that old; per-notice, per-channel totals are kept in their place (<see cref="DeliveryTotals"/>).
    /// </summary>
    [Range(1, 36_500, ErrorMessage = "Outbox:DeliveryRetentionDays must be a number of days from 1 to 36500 (default 180).")]
    public int DeliveryRetentionDays { get; set; } = DefaultDeliveryRetentionDays;
}
