using System.ComponentModel.DataAnnotations;

namespace StatusHub.Channels.Outbox;

/// <summary>The <c>Outbox</c> section: how long delivery rows are kept, how outcomes are written back, and how the delivery engine stops.</summary>
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

    /// <summary>
    /// On SIGTERM or Ctrl-C the dispatcher stops claiming and waits this long for the sends already on the wire, so their
    /// outcomes are recorded and nothing is sent twice after the restart; a send still running then is cut off and retried.
    /// </summary>
    [Range(0, 600, ErrorMessage = "Outbox:ShutdownGraceSeconds must be between 0 and 600 seconds.")]
    public int ShutdownGraceSeconds { get; set; } = 20;

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(ShutdownGraceSeconds);

    /// <summary>
    /// Outcomes are written back in groups: as soon as this many wait, or <see cref="GroupCommitMilliseconds"/> after the
    /// first of them finished, whichever comes first. With a channel's concurrency it bounds what a kill -9 sends twice.
    /// </summary>
    [Range(1, 128, ErrorMessage = "Outbox:GroupCommitSize must be a number of outcomes from 1 to 128 (default 12).")]
    public int GroupCommitSize { get; set; } = 12;

    /// <summary>The longest a finished send waits for its group to be written back.</summary>
    [Range(1, 10_000, ErrorMessage = "Outbox:GroupCommitMilliseconds must be between 1 and 10000 milliseconds (default 50).")]
    public int GroupCommitMilliseconds { get; set; } = 50;

    public TimeSpan GroupCommitWait => TimeSpan.FromMilliseconds(GroupCommitMilliseconds);
}
