using System.Text.Json.Serialization;

namespace StatusHub.Operations;

/// <summary>What <c>/readyz</c> answers: ready or not and why, the store, each channel and the static export.</summary>
/// <param name="Reasons">Empty when ready; otherwise each thing that keeps StatusHub from doing its work, in words.</param>
public sealed record ReadinessReport(
    string Status,
    DateTime CheckedAt,
    IReadOnlyList<string> Reasons,
    StoreReadiness Store,
    IReadOnlyList<ChannelReadiness> Channels,
    ExportReadiness Export)
{
    [JsonIgnore]
    public bool IsReady => Reasons.Count == 0;
}

/// <param name="LastWriteAt">When the check's own small write last went through.</param>
public sealed record StoreReadiness(bool Writable, DateTime? LastWriteAt);

/// <param name="Loop">"running", "stalled" (no sign of life for longer than a send may take) or "stopped".</param>
/// <param name="Failing">Whether the channel's latest delivery attempt failed (retried or refused).</param>
public sealed record ChannelReadiness(
    string Name,
    bool Configured,
    string Loop,
    double? HeartbeatAgeSeconds,
    int QueueLength,
    double? OldestQueuedAgeSeconds,
    bool Failing,
    DateTime? LastSuccessAt,
    DateTime? LastFailureAt);

/// <param name="AgeSeconds">How old the static copy is (since its last successful export); null before the first.</param>
public sealed record ExportReadiness(bool Configured, DateTime? LastSuccessAt, double? AgeSeconds, bool Failing);

/// <summary>The one document the readiness check writes, so a store that no longer takes writes shows.</summary>
public sealed record StoreCheck
{
    public required string Id { get; init; }
    public DateTime At { get; init; }
}
