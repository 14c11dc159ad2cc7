namespace StatusHub.Channels.Outbox;

/// <summary>
/// What one notice's delivery rows on one channel said when <see cref="DeliveryRetention"/> took them away: the staff
/// progress view and the post-mortem's reach read these once the rows are gone (<see cref="OutboxReadModel"/>).
/// </summary>
public sealed record DeliveryTotals
{
    public required string Id { get; init; }
    public required string NotificationId { get; init; }
    public required string Channel { get; init; }
    public int Sent { get; init; }
    public int Failed { get; init; }

    /// <summary>
    /// Targets this notice reached that no earlier notice of its subject (the incident or maintenance) had, so the
    /// people an incident's updates reached are the sum over its notices.
    /// </summary>
    public int FirstReached { get; init; }

    /// <summary>Whether some of the rows counted here are still to be deleted.</summary>
    public bool RowsLeft { get; init; }

    public static string KeyFor(string notificationId, string channel) => $"{notificationId}:{channel}";
}
