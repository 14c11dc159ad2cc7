using System.Collections.Concurrent;
using System.Reflection;
using StatusHub.Probes;

namespace StatusHub.Benchmarks;

/// <summary>One probe run as the bench saw it: when the loop had it due, when its check began, how long it took, how it went.</summary>
public sealed record ProbeRun(string ProbeId, ProbeKind Kind, DateTime? Scheduled, DateTime Started, TimeSpan Took, ProbeOutcome? Outcome)
{
    /// <summary>Actual start minus scheduled start; null for a run whose schedule the bench did not see.</summary>
    public TimeSpan? Late => Scheduled is { } due ? Started - due : null;
}

/// <summary>
/// Every run of the app's own checks, watched from outside: each <see cref="IProbeCheck"/> the app registers is wrapped
/// (<see cref="WrapChecks"/>), so a run is logged as its check begins and ends, and two runs of one probe at once are
/// counted. The time a run was due is the loop's own schedule (<c>ProbeLoop._due</c>, read by reflection: the loop
/// exposes nothing for it and the bench changes no app code to watch it). The loop writes a probe's next due time
/// before it starts the run, so at a check's start the schedule already holds the next run's time.
/// </summary>
public sealed class ProbeRunLog
{
    private readonly ConcurrentQueue<ProbeRun> _runs = new();
    private readonly ConcurrentDictionary<string, DateTime> _nextDue = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, DateTime>? _schedule;
    private int _overlaps;
    private int _inFlight;

    public IReadOnlyList<ProbeRun> Runs => [.. _runs];

    /// <summary>Times a run began while another run of the same probe was still going (must stay 0).</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Replaces each registered check by the same check (built by the container as the app builds it) logging into <paramref name="log"/>.</summary>
    public static void WrapChecks(IServiceCollection services, ProbeRunLog log)
    {
        foreach (var registered in services.Where(s => s.ServiceType == typeof(IProbeCheck)).ToList())
        {
            var type = registered.ImplementationType ?? throw new InvalidOperationException($"Probe check {registered} is not registered by type; the bench cannot wrap it.");
            services.Remove(registered);
            services.AddSingleton<IProbeCheck>(sp => new LoggedCheck((IProbeCheck)ActivatorUtilities.CreateInstance(sp, type), log));
        }
    }

    /// <summary>
    /// Starts reading the schedule of <paramref name="loop"/>, just started: waits for its first round, which gives all
    /// <paramref name="probes"/> their first due time (in the future, so none has started yet), and takes those.
    /// </summary>
    public async Task WatchAsync(ProbeLoop loop, int probes)
    {
        const string field = "_due";
        var schedule = typeof(ProbeLoop).GetField(field, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(loop) as IReadOnlyDictionary<string, DateTime>
            ?? throw new InvalidOperationException($"ProbeLoop no longer keeps its schedule in {field} (a dictionary of probe id to due time): update {nameof(ProbeRunLog)}.");
        var waited = TimeProvider.System.GetTimestamp();
        while (schedule.Count < probes && TimeProvider.System.GetElapsedTime(waited) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(1);
        }

        foreach (var (probeId, due) in schedule)
        {
            _nextDue.TryAdd(probeId, due);
        }

        _schedule = schedule;
    }

    private (DateTime? Scheduled, DateTime Started) Begin(Probe probe)
    {
        var started = DateTime.UtcNow;
        Interlocked.Increment(ref _inFlight);
        if (_running.AddOrUpdate(probe.Id, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        DateTime? scheduled = _nextDue.TryGetValue(probe.Id, out var due) ? due : null;
        if (_schedule is { } schedule && schedule.TryGetValue(probe.Id, out var next))
        {
            _nextDue[probe.Id] = next;
        }

        return (scheduled, started);
    }

    private void End(Probe probe, (DateTime? Scheduled, DateTime Started) begun, ProbeOutcome? outcome)
    {
        _running.AddOrUpdate(probe.Id, 0, (_, n) => n - 1);
        _runs.Enqueue(new ProbeRun(probe.Id, probe.Kind, begun.Scheduled, begun.Started, DateTime.UtcNow - begun.Started, outcome));
        Interlocked.Decrement(ref _inFlight);
    }

    private sealed class LoggedCheck(IProbeCheck check, ProbeRunLog log) : IProbeCheck
    {
        public ProbeKind Kind => check.Kind;

        public async Task<ProbeCheckResult> CheckAsync(Probe probe, CancellationToken cancellationToken)
        {
            var begun = log.Begin(probe);
            ProbeOutcome? outcome = null;
            try
            {
                var result = await check.CheckAsync(probe, cancellationToken);
                outcome = result.Outcome;
                return result;
            }
            finally
            {
                // A check that throws is a failed run to the loop; the log keeps it without an outcome.
                log.End(probe, begun, outcome);
            }
        }
    }
}
