namespace StatusHub.Channels;

/// <summary>How a channel is doing, for the staff health view. Derived from the outbox, never stored.</summary>
/// <param name="CanSendTest">False for rows that are not notification channels (the static export): nothing to send a test through.</param>
/// <param name="Label">What staff read for a row that is not a notification channel (those are named by the channel pages); null for channels.</param>
public sealed record ChannelHealth(
    string Channel,
    bool IsOn,
    string? Problem,
    DateTime? LastSuccessAt,
    DateTime? LastFailureAt,
    string? LastError,
    int QueueLength,
    int FailingTargets,
    bool CanSendTest = true,
    string? Label = null);
