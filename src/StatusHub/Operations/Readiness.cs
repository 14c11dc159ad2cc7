using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.StaticExport;
using StatusHub.Storage;

namespace StatusHub.Operations;

/// <summary>
/// Whether StatusHub can do its work: the store takes a write and every channel's dispatcher loop is alive. Channel
/// failures and the export are reported but do not make it unready: the page still serves, and the outbox retries.
/// A report is kept for <see cref="CachedFor"/> and concurrent callers share one check, so a storm of probes costs one
/// check a second; the store is written to at most every <see cref="WriteEvery"/>.
/// </summary>
public sealed class Readiness(
    LiteStore store,
    Dispatcher dispatcher,
    IEnumerable<INotificationChannel> channels,
    OutboxReadModel outbox,
    ExportHealth export,
    TimeProvider time,
    ILogger<Readiness> logger)
{
    public static readonly TimeSpan CachedFor = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan WriteEvery = TimeSpan.FromSeconds(5);

    /// <summary>Longer than a send may take (connection and command timeouts), so only a hung loop passes it.</summary>
    public static readonly TimeSpan LoopStallsAfter = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private ReadinessReport? _last;
    private DateTime? _lastWriteAt;
    private DateTime? _lastWriteCheckAt;
    private string? _storeProblem;

    public ReadinessReport Check()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow().UtcDateTime;
            if (_last is null || now - _last.CheckedAt >= CachedFor)
            {
                _last = Build(now);
            }

            return _last;
        }
    }

    private ReadinessReport Build(DateTime now)
    {
        var reasons = new List<string>();
        CheckStore(now);
        if (_storeProblem is not null)
        {
            reasons.Add($"the store does not take writes ({_storeProblem})");
        }

        var heartbeats = dispatcher.Heartbeats;
        IReadOnlyDictionary<string, QueueState> queues;
        IReadOnlyDictionary<string, ChannelActivity> activities;
        try
        {
            queues = outbox.Queues();
            activities = store.Collection<ChannelActivity>().FindAll().ToDictionary(a => a.Id, StringComparer.Ordinal);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Readiness could not read the outbox");
            reasons.Add($"the outbox cannot be read ({ex.GetType().Name})");
            queues = new Dictionary<string, QueueState>();
            activities = new Dictionary<string, ChannelActivity>();
        }

        var channelStates = new List<ChannelReadiness>();
        foreach (var channel in channels.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var heartbeat = heartbeats.TryGetValue(channel.Name, out var at) ? at : (DateTime?)null;
            var loop = heartbeat is null ? "stopped" : now - heartbeat > LoopStallsAfter ? "stalled" : "running";
            if (loop != "running")
            {
                reasons.Add($"the {channel.Name} dispatcher loop is not running" + (loop == "stalled" ? $" (no sign of life since {heartbeat:O})" : ""));
            }

            var queue = queues.GetValueOrDefault(channel.Name) ?? QueueState.Empty;
            var activity = activities.GetValueOrDefault(channel.Name);
            bool configured;
            try
            {
                // Some channels' configuration lives in the store (chat workspaces' endpoints): a failed store must not fail the answer.
                configured = channel.ConfigurationProblem is null;
            }
            catch (Exception ex)
            {
                reasons.Add($"the {channel.Name} channel's configuration cannot be read ({ex.GetType().Name})");
                configured = false;
            }

            channelStates.Add(new ChannelReadiness(
                channel.Name,
                configured,
                loop,
                Seconds(now - heartbeat),
                queue.Length,
                Seconds(now - queue.OldestQueuedAt),
                activity?.LastFailureAt is { } failed && !(activity.LastSuccessAt > failed),
                activity?.LastSuccessAt,
                activity?.LastFailureAt));
        }

        var exported = export.Health();
        return new ReadinessReport(
            reasons.Count == 0 ? "ready" : "not ready",
            now,
            reasons,
            new StoreReadiness(_storeProblem is null, _lastWriteAt),
            channelStates,
            new ExportReadiness(exported.IsOn, exported.LastSuccessAt, Seconds(now - exported.LastSuccessAt), exported.FailingTargets > 0));
    }

    private void CheckStore(DateTime now)
    {
        if (_lastWriteCheckAt is { } checkedAt && now - checkedAt < WriteEvery)
        {
            return;
        }

        _lastWriteCheckAt = now;
        try
        {
            store.Write(scope => scope.Collection<StoreCheck>().Upsert(new StoreCheck { Id = "readiness", At = now }), affectsStatusPage: false,
                allowedWhileReadOnly: SystemWrite.Readiness);
            _lastWriteAt = now;
            _storeProblem = null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The readiness check could not write to the store");
            // The type only: /readyz is public, and a message may carry a path.
            _storeProblem = ex.GetType().Name;
        }
    }

    private static double? Seconds(TimeSpan? span) => span is { } s ? Math.Round(Math.Max(0, s.TotalSeconds), 3) : null;
}
