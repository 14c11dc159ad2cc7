using System.Collections.Concurrent;
using LiteDB;
using StatusHub.Storage;

namespace StatusHub.Channels.Outbox;

/// <summary>
/// The durable outbox in LiteDB. Publishing inserts rows in the publisher's own transaction; the dispatcher
/// claims due rows (marking them in flight), and records outcomes in small groups, claiming the next rows in the same write. None of these writes touch the
/// public snapshot. What staff read about the outbox is <see cref="OutboxReadModel"/>'s.
/// </summary>
public sealed partial class OutboxStore(LiteStore store, TimeProvider time)
{
    private const string SequenceName = "delivery";

    // Pending rows waiting out a backoff or a rate limit, by when they are due; every other row has a null key. A row due
    // as soon as it was queued has a null key too, so claiming it does not move it in this index.
    private const string Waiting = "IIF($.State = 'Pending' AND $.NextAttemptAt > $.CreatedAt, $.NextAttemptAt, null)";

    // Sent rows pile up for ever; without this every claim reads all of them to find the few that are due.
    private readonly bool _stateIndexed = store.Collection<Delivery>().EnsureIndex(d => d.State);
    private readonly bool _waitingIndexed = store.Collection<Delivery>().EnsureIndex("waiting", Waiting);
    private readonly ConcurrentDictionary<string, string> _queues = new(StringComparer.Ordinal);

    /// <summary>Raised through <see cref="LiteStore.Signalled"/> when a write queued deliveries: the dispatcher wakes on it.</summary>
    public const string QueuedSignal = "outbox.queued";

    /// <summary>Raised when a delivery fails for good (refused, or reported undelivered): whoever waits on its outcome looks again.</summary>
    public const string FailedSignal = "outbox.failed";

    /// <summary>
    /// Rows written at once per channel; the targets after them go into <see cref="FanOutChunk"/>s of <see cref="ChunkSize"/>.
    /// Small notices (every configured list, most subscriber lists) never touch chunks.
    /// </summary>
    public const int DirectRows = 1_000;

    public const int ChunkSize = 1_000;

    /// <summary>Queues <paramref name="notification"/> for every target, each reading the page's language.</summary>
    public static int Enqueue(WriteScope scope, Notification notification, IEnumerable<(string Channel, string Target)> targets, DateTime now) =>
        Enqueue(scope, notification, targets.Select(t => (t.Channel, t.Target, (string?)null)), now);

    /// <summary>
    /// Queues <paramref name="notification"/> for every target, inside the caller's transaction. A target listed twice
    /// is queued once. Returns how many targets were queued. A target's language (null: the page's) picks its message.
    /// </summary>
    public static int Enqueue(WriteScope scope, Notification notification, IEnumerable<(string Channel, string Target, string? Language)> targets, DateTime now)
    {
        scope.Collection<Notification>().Insert(notification);
        var distinct = targets.DistinctBy(t => (t.Channel, t.Target)).ToList();
        if (distinct.Count == 0)
        {
            return 0;
        }

        var sequence = scope.NextSequence(SequenceName, distinct.Count);
        var rows = new List<Delivery>(Math.Min(distinct.Count, DirectRows));
        var chunks = new List<FanOutChunk>();
        foreach (var channel in distinct.GroupBy(t => t.Channel, StringComparer.Ordinal))
        {
            var channelTargets = channel.ToList();
            var direct = Math.Min(channelTargets.Count, DirectRows);
            rows.AddRange(channelTargets.Take(direct).Select((target, i) => NewDelivery(notification.Id, channel.Key, target.Target, notification.Subject, target.Language, sequence + i, now)));
            sequence += direct;
            foreach (var chunk in channelTargets.Skip(direct).GroupBy(t => t.Language).SelectMany(language => language.Chunk(ChunkSize)))
            {
                chunks.Add(new FanOutChunk
                {
                    Id = FanOutChunk.KeyFor(channel.Key, sequence),
                    NotificationId = notification.Id,
                    Channel = channel.Key,
                    Subject = notification.Subject,
                    Language = chunk[0].Language,
                    FirstSequence = sequence,
                    Targets = [.. chunk.Select(t => t.Target)],
                    CreatedAt = now,
                });
                sequence += chunk.Length;
            }
        }

        scope.Collection<Delivery>().InsertBulk(rows);
        if (chunks.Count > 0)
        {
            scope.Collection<FanOutChunk>().InsertBulk(chunks);
        }

        scope.Signal(QueuedSignal);
        return distinct.Count;
    }

    /// <summary>
    /// Writes the delivery rows of the oldest fan-out chunk, in its own transaction, and removes the chunk.
    /// Returns how many rows were written: 0 when no chunk is waiting.
    /// </summary>
    public int ExpandNextChunk() => store.Write(
        scope =>
        {
            var chunks = scope.Collection<FanOutChunk>();
            // Ordered by the FirstSequence index, so only the head chunk is read.
            var chunk = chunks.Query().OrderBy(c => c.FirstSequence).Limit(1).FirstOrDefault();
            if (chunk is null)
            {
                return 0;
            }

            scope.Collection<Delivery>().InsertBulk(chunk.Targets.Select((target, i) =>
                NewDelivery(chunk.NotificationId, chunk.Channel, target, chunk.Subject, chunk.Language, chunk.FirstSequence + i, chunk.CreatedAt)));
            chunks.Delete(chunk.Id);
            scope.Signal(QueuedSignal);
            return chunk.Targets.Count;
        },
        affectsStatusPage: false,
            allowedWhileReadOnly: SystemWrite.OutboxDelivery);

    private static Delivery NewDelivery(string notificationId, string channel, string target, string? subject, string? language, long sequence, DateTime queuedAt) => new()
    {
        Id = Delivery.KeyFor(notificationId, channel, target),
        NotificationId = notificationId,
        Channel = channel,
        Target = target,
        Subject = subject,
        Language = language,
        Sequence = sequence,
        State = DeliveryState.Pending,
        CreatedAt = queuedAt,
        NextAttemptAt = queuedAt,
    };

    /// <summary>What a target's delivery rows say once the person behind it left.</summary>
    public const string ForgottenTarget = "(left)";

    /// <summary>
    /// Drops what is still queued for a target that left and keeps no trace of its address: rows not yet sent (and
    /// targets in unexpanded chunks) are removed, sent and refused rows are kept for the counts under
    /// <see cref="ForgottenTarget"/>. Runs in the caller's transaction. Returns how many queued messages were dropped.
    /// </summary>
    public static int Forget(WriteScope scope, string channel, string target)
    {
        var deliveries = scope.Collection<Delivery>();
        var dropped = 0;
        // Target alone in the query, so LiteDB seeks its index rather than the channel's (which holds every row of the channel).
        foreach (var row in deliveries.Find(d => d.Target == target).Where(d => d.Channel == channel).ToList())
        {
            deliveries.Delete(row.Id);
            if (row.State is DeliveryState.Pending or DeliveryState.InFlight)
            {
                dropped++;
                continue;
            }

            deliveries.Insert(row with
            {
                Id = Delivery.KeyFor(row.NotificationId, channel, $"{ForgottenTarget}{Storage.Ids.New()}"),
                Target = ForgottenTarget,
                LastError = row.LastError?.Replace(target, ForgottenTarget, StringComparison.OrdinalIgnoreCase),
            });
        }

        var chunks = scope.Collection<FanOutChunk>();
        foreach (var chunk in chunks.Find(FanOutChunk.OfChannel(channel)).ToList())
        {
            // Removing a target keeps the others below the chunk's end, so its reserved sequence range still holds.
            if (chunk.Targets.Remove(target))
            {
                dropped++;
                if (chunk.Targets.Count == 0)
                {
                    chunks.Delete(chunk.Id);
                }
                else
                {
                    chunks.Update(chunk);
                }
            }
        }

        return dropped;
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
            affectsStatusPage: false,
            allowedWhileReadOnly: SystemWrite.OutboxDelivery);
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> due rows of one channel, oldest first, marking them in flight.
    /// A target gets one row at a time, in order, so a subscriber never reads update 3 before update 2.
    /// </summary>
    public IReadOnlyList<Delivery> Claim(string channel, int max, DateTime now) => CompleteAndClaim([], channel, max, now);

    /// <summary>Records the outcomes of a batch in one transaction.</summary>
    public void Complete(IReadOnlyList<DeliveryOutcome> outcomes)
    {
        if (outcomes.Count > 0)
        {
            CompleteAndClaim(outcomes, outcomes[0].Delivery.Channel, 0, Now());
        }
    }

    /// <summary>
    /// Records a group of outcomes and, in the same transaction, claims up to <paramref name="max"/> more due rows of
    /// <paramref name="channel"/> (as <see cref="Claim"/>): the dispatcher refills what it can send while writing back
    /// what it sent, one commit for both. The targets whose outcomes are written here may have their next row claimed.
    /// </summary>
    public IReadOnlyList<Delivery> CompleteAndClaim(IReadOnlyList<DeliveryOutcome> outcomes, string channel, int max, DateTime now)
    {
        if (outcomes.Count == 0 && max <= 0)
        {
            return [];
        }

        return store.Write(
            scope =>
            {
                Record(scope, outcomes);
                if (max <= 0)
                {
                    return (IReadOnlyList<Delivery>)[];
                }

                var queue = QueueOf(channel);
                var deliveries = scope.Collection<Delivery>();
                // Channel is filtered here, not in the queries: given a Channel term, LiteDB seeks that index instead,
                // which reads every row the channel ever had.
                var busy = deliveries.Find(d => d.State == DeliveryState.InFlight)
                    .Concat(deliveries.Find(BsonExpression.Create($"{Waiting} > @0", new BsonValue(now))))
                    .Where(d => d.Channel == channel)
                    .GroupBy(d => d.Target)
                    .ToDictionary(g => g.Key, g => g.Min(d => d.Sequence));
                // Rows queued after a chunk that is not yet expanded wait for it: one of its targets may be theirs.
                var frontier = FrontierOf(scope, channel);
                var claimed = new List<Delivery>(max);
                var targets = new HashSet<string>();
                var due = deliveries.Query()
                    .Where(BsonExpression.Create($"{queue} > @0", new BsonValue(0L)))
                    .Where(d => d.NextAttemptAt <= now && d.Sequence < frontier)
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
            affectsStatusPage: false,
            allowedWhileReadOnly: SystemWrite.OutboxDelivery);
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
        // The target alone in the query, so LiteDB seeks its index (one chat's notices) rather than the subject's
        // (every row of the incident: 100,000 per update when it went to that many subscribers).
        return store.Collection<Delivery>().Find(d => d.Target == target)
            .Where(d => d.Subject == subject && d.Channel == channel && d.State == DeliveryState.Sent && d.ExternalId != null)
            .OrderBy(d => d.Sequence)
            .Select(d => d.ExternalId)
            .FirstOrDefault();
    }

    /// <summary>
    /// Deletes sign-up codes and confirmation links queued before <paramref name="queuedBefore"/>, notice and rows:
    /// expired, they are only a person's address next to a secret. Customer letters stay (their rows are who already
    /// has one). A row still in flight keeps its notice until the next call. Returns how many notices went.
    /// </summary>
    public int DeleteSignUpNotices(DateTime queuedBefore) => store.Write(
        scope =>
        {
            var notifications = scope.Collection<Notification>();
            var deliveries = scope.Collection<Delivery>();
            var deleted = 0;
            var old = notifications.Find(n => n.CreatedAt < queuedBefore)
                .Where(n => n.Event.IsSignUp())
                .Select(n => n.Id)
                .ToList();
            foreach (var id in old)
            {
                var rows = deliveries.Find(d => d.NotificationId == id).ToList();
                foreach (var row in rows.Where(r => r.State != DeliveryState.InFlight))
                {
                    deliveries.Delete(row.Id);
                }

                if (rows.All(r => r.State != DeliveryState.InFlight))
                {
                    notifications.Delete(id);
                    deleted++;
                }
            }

            return deleted;
        },
        affectsStatusPage: false);

    public Notification? Notification(string id) => store.Collection<Notification>().FindById(id);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    /// <summary>The first sequence of the channel's oldest unexpanded chunk; rows from there on are not claimable yet.</summary>
    private static long FrontierOf(IDocumentReader reader, string channel)
    {
        // Read through the _id index (ids sort by sequence within a channel), so only the head chunk is loaded.
        var head = reader.Collection<FanOutChunk>().Query()
            .Where(FanOutChunk.OfChannel(channel))
            .OrderBy(c => c.Id)
            .Limit(1)
            .FirstOrDefault();
        return head?.FirstSequence ?? long.MaxValue;
    }

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
