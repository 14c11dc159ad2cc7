using Microsoft.Extensions.Options;
using StatusHub.Storage;

namespace StatusHub.Probes;

/// <summary>
/// Keeps probe runs (bounded: older than <see cref="ProbesOptions.RetentionDays"/> or beyond
/// <see cref="ProbesOptions.MaxResultsPerProbe"/> per probe are dropped; each run is also summed into its
/// <see cref="ProbeDay"/>, which outlives it) and decides the counted state: a probe fails
/// once K of its last M runs failed, and recovers once K of its last M did not. A warning is not a failure.
/// </summary>
public sealed class ProbeResults(LiteStore store, IOptions<ProbesOptions> options, StatusPage.PageCalendar calendar)
{
    /// <summary>The latest runs of a probe, oldest first.</summary>
    public IReadOnlyList<ProbeResult> Recent(string probeId, int count) =>
        store.Collection<ProbeResult>().Query().Where(r => r.ProbeId == probeId).OrderByDescending(r => r.At).Limit(count).ToList()
            .AsEnumerable().Reverse().ToList();

    public ProbeHealth? Health(string probeId) => store.Collection<ProbeHealth>().FindById(probeId);

    /// <summary>Stores one run; returns the change of counted state it caused, or null.</summary>
    public ProbeStateChange? Record(Probe probe, DateTime startedAt, ProbeCheckResult result) => store.Write(scope =>
    {
        var rule = options.Value;
        var results = scope.Collection<ProbeResult>();
        if (scope.Collection<Probe>().FindById(probe.Id) is null)
        {
            return null; // deleted while it ran
        }

        var probeId = probe.Id;
        var previous = results.Query().Where(r => r.ProbeId == probeId).OrderByDescending(r => r.At).Limit(1).FirstOrDefault();
        var health = scope.Collection<ProbeHealth>().FindById(probe.Id) ?? new ProbeHealth { Id = probe.Id };
        ProbeDays.Add(scope.Collection<ProbeDay>(), probe, previous?.At, startedAt, result.Outcome == ProbeOutcome.Failed, health.Failing, calendar);
        results.Insert(new ProbeResult
        {
            ProbeId = probe.Id,
            At = startedAt,
            Outcome = result.Outcome,
            LatencyMilliseconds = (long)result.Latency.TotalMilliseconds,
            Message = result.Message.Length == 0 ? null : result.Message,
        });
        var cutoff = startedAt.AddDays(-rule.RetentionDays);
        results.DeleteMany(r => r.ProbeId == probeId && r.At < cutoff);
        var beyond = results.Query().Where(r => r.ProbeId == probeId).OrderByDescending(r => r.At).Offset(rule.MaxResultsPerProbe).ToList();
        foreach (var old in beyond)
        {
            results.Delete(old.Id);
        }

        var window = results.Query().Where(r => r.ProbeId == probeId).OrderByDescending(r => r.At).Limit(rule.Window).ToList();
        if (!Flips(health.Failing, window, rule.FailuresToCount))
        {
            // A probe that keeps failing shows why it fails now, not why it failed when it tipped.
            if (health.Failing && result.Outcome == ProbeOutcome.Failed && result.Message.Length > 0 && result.Message != health.LastFailure)
            {
                scope.Collection<ProbeHealth>().Upsert(health with { LastFailure = result.Message });
            }

            return null;
        }

        var lastFailure = window.FirstOrDefault(r => r.Outcome == ProbeOutcome.Failed)?.Message ?? "";
        var now = health with { Failing = !health.Failing, Since = startedAt, LastFailure = lastFailure };
        scope.Collection<ProbeHealth>().Upsert(now);
        return new ProbeStateChange(probe.Id, probe.Name, probe.ComponentIds, now.Failing, startedAt, lastFailure);
    }, affectsStatusPage: false);

    /// <summary>Whether the latest M runs (<paramref name="window"/>) flip the counted state: K failed while healthy, K not failed while failing.</summary>
    public static bool Flips(bool failing, IReadOnlyCollection<ProbeResult> window, int failuresToCount)
    {
        var failed = window.Count(r => r.Outcome == ProbeOutcome.Failed);
        return failing ? window.Count - failed >= failuresToCount : failed >= failuresToCount;
    }
}
