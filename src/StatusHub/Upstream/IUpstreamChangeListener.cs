using StatusHub.StatusComponents;

namespace StatusHub.Upstream;

/// <summary>A component's status mirrored from its upstream; <see cref="Since"/> is when the upstream says it changed.</summary>
public sealed record UpstreamChange(string ComponentId, string ComponentName, ComponentStatus From, ComponentStatus To, string UpstreamName, DateTime Since, string? UpstreamHost = null)
{
    /// <summary>Worse for customers: the change a draft incident should be suggested for. Planned maintenance is no problem.</summary>
    public bool IsWorse => Problem(To) > Problem(From);

    /// <summary>The upstream has a problem now (degraded or an outage; maintenance is planned, not a problem).</summary>
    public bool IsProblem => Problem(To) > 0;

    private static int Problem(ComponentStatus status) => status == ComponentStatus.UnderMaintenance ? 0 : status.Severity();
}

/// <summary>
/// Told once per mirrored change, after it is saved. Register one with <c>TryAddEnumerable</c>; the poller calls
/// every registered listener, and a listener that throws is logged, not retried.
/// </summary>
public interface IUpstreamChangeListener
{
    void OnUpstreamChanged(UpstreamChange change);
}

/// <summary>Logs each mirrored change, so staff can see in the log what the upstream did even before drafts exist.</summary>
public sealed class LoggingUpstreamChangeListener(ILogger<LoggingUpstreamChangeListener> log) : IUpstreamChangeListener
{
    public void OnUpstreamChanged(UpstreamChange change) =>
        log.LogInformation(
            "Upstream {Upstream} moved {Component} ({ComponentId}) from {From} to {To} at {Since:o}{Worse}",
            change.UpstreamName, change.ComponentName, change.ComponentId, change.From.ToWire(), change.To.ToWire(), change.Since, change.IsWorse ? "; customers are affected" : "");
}
