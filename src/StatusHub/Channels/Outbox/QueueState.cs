namespace StatusHub.Channels.Outbox;

/// <summary>What one channel has queued: deliveries waiting or being sent, and when the oldest of them was queued.</summary>
public sealed record QueueState(int Length, DateTime? OldestQueuedAt)
{
    public static QueueState Empty { get; } = new(0, null);
}
