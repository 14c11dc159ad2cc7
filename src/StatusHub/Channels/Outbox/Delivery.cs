namespace StatusHub.Channels.Outbox;

public enum DeliveryState
{
    /// <summary>Waiting for its turn (first try or a retry: see <see cref="Delivery.Attempts"/>).</summary>
    Pending,

    /// <summary>Claimed by the dispatcher and being sent; after a crash it goes back to pending.</summary>
    InFlight,
    Sent,

    /// <summary>Refused for good (bot blocked, mailbox unknown, webhook gone); kept in the dead-letter list.</summary>
    Failed,
}

/// <summary>
/// One message to one target through one channel: the durable outbox row. Its <see cref="Id"/> is the
/// idempotency key (notification × channel × target), so the same notice can never be queued twice for a target.
/// </summary>
public sealed record Delivery
{
    public required string Id { get; init; }
    public required string NotificationId { get; init; }
    public required string Channel { get; init; }
    public required string Target { get; init; }

    /// <summary>Copied from the notification so a channel can thread replies without loading it.</summary>
    public string? Subject { get; init; }

    /// <summary>The language the target reads (<see cref="Notification.MessageFor"/>); null: the page's language.</summary>
    public string? Language { get; init; }

    /// <summary>Queue order: strictly increasing as rows are queued, so two rows queued in the same instant still have an order.</summary>
    public long Sequence { get; init; }

    public DeliveryState State { get; init; }
    public int Attempts { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime NextAttemptAt { get; init; }
    public DateTime? LastAttemptAt { get; init; }
    public DateTime? SentAt { get; init; }

    /// <summary>When the provider reported the message delivered to the handset (SMS delivery reports), if it did.</summary>
    public DateTime? DeliveredAt { get; init; }
    public string? LastError { get; init; }

    /// <summary>The channel's id for what it sent (Telegram message id, SMTP Message-ID), used to reply and pin.</summary>
    public string? ExternalId { get; init; }

    /// <summary>
    /// The id the provider's delivery report will name (<see cref="ExternalId"/>, for channels whose providers report
    /// deliveries: SMS), else null. Reports find their row through its index; rows that get no report (email,
    /// Telegram, webhooks) keep it null, so recording their outcomes never touches that index.
    /// </summary>
    public string? ReportId { get; init; }

    public static string KeyFor(string notificationId, string channel, string target) => $"{notificationId}:{channel}:{target}";
}
