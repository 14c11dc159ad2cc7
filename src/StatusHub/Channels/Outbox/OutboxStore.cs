using System.Collections.Concurrent;
using LiteDB;
using StatusHub.Storage;

namespace StatusHub.Channels.Outbox;

/// <summary>Progress of one notification on one channel, for the staff view.</summary>
public sealed record ChannelProgress(string Channel, int Pending, int Retrying, int InFlight, int Sent, int Failed)
{
    public int Total => Pending + Retrying + InFlight + Sent + Failed;

    public bool Done => Pending + Retrying + InFlight == 0;
}

/// <summary>How many distinct targets of one channel were sent at least one of a set of notifications.</summary>
public sealed record SentCount(string Channel, int Recipients);

/// <summary>
/// The durable outbox in LiteDB. Publishing inserts rows in the publisher's own transaction; the dispatcher
/// claims due rows (marking them in flight), and records each outcome. None of these writes touch the
/// public snapshot.
/// </summary>
public sealed class OutboxStore(LiteStore store, TimeProvider time)
{
    private const string SequenceName = "delivery";

    // Pending rows waiting out a backoff or a rate limit, by when they are due; every other row has a null key.
    private const string Waiting = "IIF($.State = 'Pending', $.NextAttemptAt, null)";

    // Sent rows pile up for ever; without this every claim reads all of them to find the few that are due.
    private readonly bool _stateIndexed = store.Collection<Delivery>().EnsureIndex(d => d.State);
    private readonly bool _waitingIndexed = store.Collection<Delivery>().EnsureIndex("waiting", Waiting);
    private readonly ConcurrentDictionary<string, string> _queues = new(StringComparer.Ordinal);

    /// <summary>Queues <paramref name="notification"/> for every target, inside the caller's transaction. A target listed twice is queued once.</summary>
    public static int Enqueue(WriteScope scope, Notification notification, IEnumerable<(string Channel, string Target)> targets, DateTime now)
    {
        scope.Collection<Notification>().Insert(notification);
        var distinct = targets.DistinctBy(t => (t.Channel, t.Target)).ToList();
        var first = scope.NextSequence(SequenceName, distinct.Count);
        var deliveries = distinct
            .Select((t, i) => new Delivery
            {
                Id = Delivery.KeyFor(notification.Id, t.Channel, t.Target),
                NotificationId = notification.Id,
                Channel = t.Channel,
                Target = t.Target,
                Subject = notification.Subject,
                Sequence = first + i,
                State = DeliveryState.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
            })
            .ToList();
        return scope.Collection<Delivery>().InsertBulk(deliveries);
    }

    /// <summary>Puts rows that were in flight when the process died back in the queue. Returns how many.</summary>
    public int RecoverInFlight()
    {
        var now = Now();
        return store.Write(
            scope =>
            {
                var deliveries = scope.Collection<Delivery>();
                var stuck = deliveries.Find(d => d.State == DeliveryState.InFlight).ToList();
                foreach (var delivery in stuck)
                {
                    deliveries.Update(delivery with { State = DeliveryState.Pending, NextAttemptAt = now });
                }

                return stuck.Count;
            },
            affectsStatusPage: false);
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> due rows of one channel, oldest first, marking them in flight.
    /// A target gets one row at a time, in order, so a subscriber never reads update 3 before update 2.
    /// </summary>
    public IReadOnlyList<Delivery> Claim(string channel, int max, DateTime now)
    {
        return store.Write(
            scope =>
            {
                var queue = QueueOf(channel);
                var deliveries = scope.Collection<Delivery>();
                // Channel is filtered here, not in the queries: given a Channel term, LiteDB seeks that index instead,
                // which reads every row the channel ever had.
                var busy = deliveries.Find(d => d.State == DeliveryState.InFlight)
                    .Concat(deliveries.Find(BsonExpression.Create($"{Waiting} > @0", new BsonValue(now))))
                    .Where(d => d.Channel == channel)
                    .GroupBy(d => d.Target)
                    .ToDictionary(g => g.Key, g => g.Min(d => d.Sequence));
                var claimed = new List<Delivery>(max);
                var targets = new HashSet<string>();
                var due = deliveries.Query()
                    .Where(BsonExpression.Create($"{queue} > @0", new BsonValue(0L)))
                    .Where(d => d.NextAttemptAt <= now)
                    .OrderBy(BsonExpression.Create(queue))
                    .Limit(max * 4)
                    .ToList();
                foreach (var delivery in due)
                {
                    var blocked = busy.TryGetValue(delivery.Target, out var oldestBusy) && oldestBusy <= delivery.Sequence;
                    if (blocked || !targets.Add(delivery.Target))
                    {
                        continue;
                    }

                    var inFlight = delivery with { State = DeliveryState.InFlight, LastAttemptAt = now, Attempts = delivery.Attempts + 1 };
                    deliveries.Update(inFlight);
                    claimed.Add(inFlight);
                    if (claimed.Count == max)
                    {
                        break;
                    }
                }

                return (IReadOnlyList<Delivery>)claimed;
            },
            affectsStatusPage: false);
    }

    /// <summary>Records the outcomes of a batch in one transaction.</summary>
    public void Complete(IReadOnlyList<DeliveryOutcome> outcomes)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        store.Write(
            scope =>
            {
                var deliveries = scope.Collection<Delivery>();
                var failing = scope.Collection<FailingTarget>();
                foreach (var outcome in outcomes)
                {
                    deliveries.Update(outcome.Apply());
                    if (outcome.Result is SendResult.Permanent permanent)
                    {
                        failing.Upsert(new FailingTarget
                        {
                            Id = FailingTarget.KeyFor(outcome.Delivery.Channel, outcome.Delivery.Target),
                            Channel = outcome.Delivery.Channel,
                            Target = outcome.Delivery.Target,
                            Since = outcome.At,
                            LastError = permanent.Error,
                        });
                    }
                }
            },
            affectsStatusPage: false);
    }

    /// <summary>The external id of the first message sent to this target about this subject, to thread replies under.</summary>
    public string? ThreadRoot(string channel, string target, string? subject)
    {
        if (subject is null)
        {
            return null;
        }

        // Queued order: SentAt is kept to the millisecond, so a backlog sent in one burst can tie on it,
        // and the per-target FIFO makes the first queued of the sent ones the first that went out.
        return store.Collection<Delivery>().Query()
            .Where(d => d.Subject == subject && d.Channel == channel && d.Target == target && d.State == DeliveryState.Sent && d.ExternalId != null)
            .ToList()
            .OrderBy(d => d.Sequence)
            .Select(d => d.ExternalId)
            .FirstOrDefault();
    }

    public Notification? Notification(string id) => store.Collection<Notification>().FindById(id);

    public IReadOnlyList<Notification> RecentNotifications(int count = 20) =>
        store.Collection<Notification>().Query().OrderByDescending(n => n.CreatedAt).Limit(count).ToList();

    public IReadOnlyList<ChannelProgress> Progress(string notificationId) =>
        store.Collection<Delivery>().Find(d => d.NotificationId == notificationId)
            .GroupBy(d => d.Channel)
            .Select(g => new ChannelProgress(
                g.Key,
                Pending: g.Count(d => d.State == DeliveryState.Pending && d.Attempts == 0),
                Retrying: g.Count(d => d.State == DeliveryState.Pending && d.Attempts > 0),
                InFlight: g.Count(d => d.State == DeliveryState.InFlight),
                Sent: g.Count(d => d.State == DeliveryState.Sent),
                Failed: g.Count(d => d.State == DeliveryState.Failed)))
            .OrderBy(p => p.Channel, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Per channel, the distinct targets that were sent at least one of <paramref name="notificationIds"/> (a subscriber
    /// who received five updates of an incident counts once). Only the channel and target of each row are read.
    /// </summary>
    public IReadOnlyList<SentCount> SentCountsFor(IReadOnlyCollection<string> notificationIds)
    {
        var reached = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var deliveries = store.Collection<Delivery>();
        foreach (var id in notificationIds.Distinct(StringComparer.Ordinal))
        {
            var rows = deliveries.Query()
                .Where(d => d.NotificationId == id)
                .Where(d => d.State == DeliveryState.Sent)
                .Select(BsonExpression.Create("{ c: $.Channel, t: $.Target }"))
                .ToEnumerable();
            foreach (var row in rows)
            {
                var channel = row["c"].AsString;
                if (!reached.TryGetValue(channel, out var targets))
                {
                    reached[channel] = targets = new HashSet<string>(StringComparer.Ordinal);
                }

                targets.Add(row["t"].AsString);
            }
        }

        return reached.Select(p => new SentCount(p.Key, p.Value.Count)).OrderBy(c => c.Channel, StringComparer.Ordinal).ToList();
    }

    public int QueueLength(string channel) =>
        store.Collection<Delivery>().Count(d => d.Channel == channel && (d.State == DeliveryState.Pending || d.State == DeliveryState.InFlight));

    /// <summary>Refused deliveries, newest first, with their last error.</summary>
    public IReadOnlyList<Delivery> DeadLetters(int skip = 0, int take = 50) =>
        store.Collection<Delivery>().Query().Where(d => d.State == DeliveryState.Failed)
            .OrderByDescending(d => d.LastAttemptAt).Skip(skip).Limit(take).ToList();

    /// <summary>Puts a refused delivery back in the queue, now.</summary>
    public void Retry(string deliveryId, string actor)
    {
        var now = Now();
        store.Write(
            scope =>
            {
                var deliveries = scope.Collection<Delivery>();
                var delivery = deliveries.FindById(deliveryId) ?? throw new NotFoundException($"There is no delivery '{deliveryId}'.");
                if (delivery.State != DeliveryState.Failed)
                {
                    throw new ValidationException("Only a failed delivery can be retried; this one is still queued or already sent.");
                }

                deliveries.Update(delivery with { State = DeliveryState.Pending, NextAttemptAt = now, LastError = $"retried by {actor}: {delivery.LastError}" });
                scope.Collection<FailingTarget>().Delete(FailingTarget.KeyFor(delivery.Channel, delivery.Target));
                Audit.AuditWriteScopeExtensions.Audit(scope, now, actor, "delivery.retried", $"delivery:{deliveryId}", delivery.LastError ?? "");
            },
            affectsStatusPage: false);
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The channel's queue: an index holding only its pending rows, in queued order, so a claim reads the head of
    /// the queue instead of sorting every pending row (10,000 after one publish to 10,000 subscribers) each batch.
    /// </summary>
    private string QueueOf(string channel) => _queues.GetOrAdd(channel, name =>
    {
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"A channel name is letters, digits, '-' and '_', not '{name}'.", nameof(channel));
        }

        var queue = $"IIF($.Channel = '{name}' AND $.State = 'Pending', $.Sequence, null)";
        store.Collection<Delivery>().EnsureIndex($"queue_{name.Replace('-', '_')}", queue);
        return queue;
    });
}

/// <summary>What one attempt came to, ready to be written back.</summary>
public sealed record DeliveryOutcome(Delivery Delivery, SendResult Result, DateTime At, TimeSpan RetryDelay)
{
    public Delivery Apply() => Result switch
    {
        SendResult.Sent sent => Delivery with { State = DeliveryState.Sent, SentAt = At, ExternalId = sent.ExternalId, LastError = null },
        SendResult.Permanent permanent => Delivery with { State = DeliveryState.Failed, LastError = Truncate(permanent.Error) },
        SendResult.Transient transient => Delivery with { State = DeliveryState.Pending, NextAttemptAt = At + RetryDelay, LastError = Truncate(transient.Error) },
        SendResult.Deferred deferred => Delivery with { State = DeliveryState.Pending, NextAttemptAt = At + deferred.Wait, Attempts = Delivery.Attempts - 1 },
        _ => throw new InvalidOperationException($"Unknown send result {Result}."),
    };

    private static string Truncate(string error) => error.Length <= 1000 ? error : error[..1000] + "…";
}
