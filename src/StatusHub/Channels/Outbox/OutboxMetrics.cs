using System.Diagnostics.Metrics;

namespace StatusHub.Channels.Outbox;

/// <summary>
/// The outbox's meter (<c>StatusHub.Channels</c>): every delivery attempt by channel and outcome, and each channel's
/// queue (rows waiting or being sent, and how long the oldest has waited) read from <see cref="OutboxReadModel"/> when
/// a scrape asks, at most once a second.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "StatusHub.Channels";
    private static readonly TimeSpan QueuesCachedFor = TimeSpan.FromSeconds(1);

    private readonly Counter<long> _deliveries;
    private readonly OutboxReadModel _outbox;
    private readonly IReadOnlyList<string> _channels;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private (DateTime At, IReadOnlyDictionary<string, QueueState> Queues)? _queues;

    public OutboxMetrics(IMeterFactory meters, OutboxReadModel outbox, IEnumerable<INotificationChannel> channels, TimeProvider time)
    {
        _outbox = outbox;
        _channels = [.. channels.Select(c => c.Name)];
        _time = time;
        var meter = meters.Create(MeterName);
        _deliveries = meter.CreateCounter<long>("statushub.deliveries", "{delivery}", "Delivery attempts by channel and outcome (sent, retry, failed, deferred by a rate limit).");
        meter.CreateObservableGauge("statushub.outbox.queue_length", () => Observe(q => (long)q.Length), "{delivery}", "Deliveries waiting or being sent, per channel.");
        meter.CreateObservableGauge("statushub.outbox.oldest_queued_age", () => Observe(q => q.OldestQueuedAt is { } at ? (Now() - at).TotalSeconds : 0), "s",
            "How long the oldest delivery still queued on the channel has waited since it was queued; 0 when none waits.");
    }

    public void Record(IEnumerable<DeliveryOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            _deliveries.Add(1, new KeyValuePair<string, object?>("channel", outcome.Delivery.Channel), new KeyValuePair<string, object?>("outcome", NameOf(outcome.Result)));
        }
    }

    private static string NameOf(SendResult result) => result switch
    {
        SendResult.Sent => "sent",
        SendResult.Transient => "retry",
        SendResult.Permanent => "failed",
        _ => "deferred",
    };

    private IEnumerable<Measurement<T>> Observe<T>(Func<QueueState, T> value)
        where T : struct
    {
        var queues = Queues();
        return _channels.Select(channel => new Measurement<T>(value(queues.GetValueOrDefault(channel) ?? QueueState.Empty), new KeyValuePair<string, object?>("channel", channel)));
    }

    private IReadOnlyDictionary<string, QueueState> Queues()
    {
        lock (_lock)
        {
            var now = Now();
            if (_queues is not { } cached || now - cached.At >= QueuesCachedFor)
            {
                _queues = cached = (now, _outbox.Queues());
            }

            return cached.Queues;
        }
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;
}
