using LiteDB;

namespace StatusHub.Probes;

public enum ProbeOutcome
{
    Ok,
    Warning,
    Failed,
}

/// <summary>One run of a probe: when it started, how it went, how long it took and, when not ok, why.</summary>
public sealed record ProbeResult
{
    public ObjectId Id { get; init; } = ObjectId.NewObjectId();
    public required string ProbeId { get; init; }
    public DateTime At { get; init; }
    public ProbeOutcome Outcome { get; init; }
    public long LatencyMilliseconds { get; init; }
    /// <summary>Why it was not ok; null when it was (LiteDB reads an empty string back as null).</summary>
    public string? Message { get; init; }
}

/// <summary>What a check found, before it is stored.</summary>
public sealed record ProbeCheckResult(ProbeOutcome Outcome, TimeSpan Latency, string Message)
{
    public static ProbeCheckResult Ok(TimeSpan latency) => new(ProbeOutcome.Ok, latency, "");

    public static ProbeCheckResult Warning(TimeSpan latency, string message) => new(ProbeOutcome.Warning, latency, message);

    public static ProbeCheckResult Failed(TimeSpan latency, string message) => new(ProbeOutcome.Failed, latency, message);

    /// <summary>A failure told by what threw it, after <paramref name="where"/> ("Sending through mx1:587"), inner causes included.</summary>
    public static ProbeCheckResult Failed(TimeSpan latency, Exception ex, string? where = null) =>
        Failed(latency, Text.Ellipsis.Shorten(where is null ? Text.ExceptionText.Describe(ex) : $"{where}: {Text.ExceptionText.Describe(ex)}", 300));
}

/// <summary>
/// A probe's counted state under the K-of-M rule, kept so a restart neither forgets a failure nor announces it again.
/// <see cref="Since"/> is when the run that tipped it started.
/// </summary>
public sealed record ProbeHealth
{
    public required string Id { get; init; }
    public bool Failing { get; init; }
    public DateTime Since { get; init; }
    public string? LastFailure { get; init; }
}

/// <summary>A probe's counted state changed: failing (with what failed) or recovered, and since when.</summary>
public sealed record ProbeStateChange(string ProbeId, string ProbeName, IReadOnlyList<string> ComponentIds, bool Failing, DateTime Since, string WhatFailed);

/// <summary>
/// Told once each time a probe's counted state flips, failing ↔ healthy (issue 14 point 6 hangs draft incidents here).
/// Register as a singleton; called after the result is stored, on the probe loop.
/// </summary>
public interface IProbeStateListener
{
    Task OnChangedAsync(ProbeStateChange change, CancellationToken cancellationToken);
}
