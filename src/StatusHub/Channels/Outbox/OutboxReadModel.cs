using System.Collections.Concurrent;
using LiteDB;
using StatusHub.Storage;

namespace StatusHub.Channels.Outbox;

/// <summary>
/// The outbox as staff see it: recent notices, how far each got, what a channel still has queued, the refused
/// deliveries and their retry. Delivering is <see cref="OutboxStore"/>'s business; nothing here sends.
/// </summary>
public sealed class OutboxReadModel(LiteStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<ChannelProgress>> _finished = new(StringComparer.Ordinal);

    /// <summary>Finished notifications whose progress is remembered; past this the memory starts over.</summary>
    private const int MaxFinishedRemembered = 10_000;

    /// <param name="signUps">
    /// Whether sign-up codes and confirmation links are listed: during an outage hundreds of people subscribe, and
    /// their one-person notices would push every incident notice off a staff list.
    /// </param>
    public IReadOnlyList<Notification> RecentNotifications(int count = 20, bool signUps = true) =>
        // Newest first through the CreatedAt index, read only as far as needed.
        [.. store.Collection<Notification>().Query().OrderByDescending(n => n.CreatedAt).ToEnumerable()
            .Where(n => signUps || !n.Event.IsSignUp())
            .Take(count)];

    /// <summary>
    /// Per channel, where the notification's deliveries stand. A finished notification (nothing queued, in flight or
    /// unwritten) is counted once and remembered: only a retried dead letter changes it again, and <see cref="Retry"/>
    /// forgets it then. The staff pages ask every few seconds, and a notice to 100,000 subscribers is 100,000 rows.
    /// </summary>
    public IReadOnlyList<ChannelProgress> Progress(string notificationId)
    {
        if (_finished.TryGetValue(notificationId, out var finished))
        {
            return finished;
        }

        var progress = CountProgress(notificationId);
        if (progress.Count > 0 && progress.All(p => p.Done))
        {
            if (_finished.Count >= MaxFinishedRemembered)
            {
                _finished.Clear();
            }

            _finished[notificationId] = progress;
        }

        return progress;
    }

    private List<ChannelProgress> CountProgress(string notificationId)
    {
        if (Retired(notificationId) is { Count: > 0 } totals)
        {
            return totals.OrderBy(t => t.Channel, StringComparer.Ordinal).Select(t => new ChannelProgress(t.Channel, 0, 0, 0, t.Sent, t.Failed)).ToList();
        }

        var unexpanded = store.Collection<FanOutChunk>().Find(c => c.NotificationId == notificationId)
            .GroupBy(c => c.Channel)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Targets.Count), StringComparer.Ordinal);
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        // Only the three fields counted are read out of each row, not whole deliveries.
        var rows = store.Collection<Delivery>().Query()
            .Where(d => d.NotificationId == notificationId)
            .Select(BsonExpression.Create("{ c: $.Channel, s: $.State, a: $.Attempts }"))
            .ToEnumerable();
        foreach (var row in rows)
        {
            var channel = row["c"].AsString;
            if (!counts.TryGetValue(channel, out var tally))
            {
                counts[channel] = tally = new int[5];
            }

            var state = Enum.Parse<DeliveryState>(row["s"].AsString);
            tally[state switch
            {
                DeliveryState.Pending when row["a"].AsInt32 == 0 => 0,
                DeliveryState.Pending => 1,
                DeliveryState.InFlight => 2,
                DeliveryState.Sent => 3,
                _ => 4,
            }]++;
        }

        return counts.Keys.Union(unexpanded.Keys)
            .Order(StringComparer.Ordinal)
            .Select(channel =>
            {
                var tally = counts.GetValueOrDefault(channel) ?? new int[5];
                return new ChannelProgress(channel, Pending: tally[0] + unexpanded.GetValueOrDefault(channel), Retrying: tally[1], InFlight: tally[2], Sent: tally[3], Failed: tally[4]);
            })
            .ToList();
    }

    /// <summary>
    /// Per channel, the distinct targets that were sent at least one of <paramref name="notificationIds"/> (a subscriber
    /// who received five updates of an incident counts once). Only the channel and target of each row are read.
    /// </summary>
    public IReadOnlyList<SentCount> SentCountsFor(IReadOnlyCollection<string> notificationIds)
    {
        var reached = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var retired = new List<DeliveryTotals>();
        var deliveries = store.Collection<Delivery>();
        foreach (var id in notificationIds.Distinct(StringComparer.Ordinal))
        {
            if (Retired(id) is { Count: > 0 } totals)
            {
                retired.AddRange(totals);
                continue;
            }

            var rows = deliveries.Query()
                .Where(d => d.NotificationId == id)
                .Where(d => d.State == DeliveryState.Sent)
                .Select(BsonExpression.Create("{ c: $.Channel, t: $.Target, i: $._id }"))
                .ToEnumerable();
            foreach (var row in rows)
            {
                var channel = row["c"].AsString;
                if (!reached.TryGetValue(channel, out var targets))
                {
                    reached[channel] = targets = new HashSet<string>(StringComparer.Ordinal);
                }

                // Everyone who left shares one forgotten target: each of their rows counts on its own.
                var target = row["t"].AsString;
                targets.Add(target == OutboxStore.ForgottenTarget ? row["i"].AsString : target);
            }
        }

        // Retired notices count what they reached first within their subject: exact for an incident's updates (its
        // first notices), and never below the most any one of them reached.
        var fromTotals = retired.GroupBy(t => t.Channel, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Math.Max(g.Sum(t => t.FirstReached), g.Max(t => t.Sent)), StringComparer.Ordinal);
        return reached.Keys.Union(fromTotals.Keys)
            .Select(channel => new SentCount(channel, (reached.GetValueOrDefault(channel)?.Count ?? 0) + fromTotals.GetValueOrDefault(channel)))
            .Where(c => c.Recipients > 0)
            .OrderBy(c => c.Channel, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The totals kept for a notice whose rows were retired (<see cref="DeliveryRetention"/>); empty while its rows count.</summary>
    private List<DeliveryTotals> Retired(string notificationId) =>
        store.Collection<DeliveryTotals>().Find(t => t.NotificationId == notificationId).ToList();

    /// <summary>Rows waiting or being sent on <paramref name="channel"/>, counting targets of chunks not yet expanded.</summary>
    public int QueueLength(string channel)
    {
        // The state alone in each query, so LiteDB seeks its index (the few queued rows), not the channel's (every row ever sent).
        var deliveries = store.Collection<Delivery>();
        return deliveries.Find(d => d.State == DeliveryState.Pending).Count(d => d.Channel == channel)
            + deliveries.Find(d => d.State == DeliveryState.InFlight).Count(d => d.Channel == channel)
            + store.Collection<FanOutChunk>().Find(FanOutChunk.OfChannel(channel)).Sum(c => c.Targets.Count);
    }

    /// <summary>
    /// Every channel with something queued: how many rows wait or are being sent (targets of unexpanded chunks
    /// included) and when the oldest of them was queued. One pass over the queued rows, reading two fields of each.
    /// </summary>
    public IReadOnlyDictionary<string, QueueState> Queues()
    {
        var queues = new Dictionary<string, QueueState>(StringComparer.Ordinal);
        void Add(string channel, int count, DateTime queuedAt)
        {
            var queue = queues.GetValueOrDefault(channel) ?? QueueState.Empty;
            queues[channel] = new QueueState(queue.Length + count, queue.OldestQueuedAt is { } oldest && oldest <= queuedAt ? oldest : queuedAt);
        }

        var deliveries = store.Collection<Delivery>();
        foreach (var state in (DeliveryState[])[DeliveryState.Pending, DeliveryState.InFlight])
        {
            var rows = deliveries.Query().Where(d => d.State == state).Select(BsonExpression.Create("{ c: $.Channel, t: $.CreatedAt }")).ToEnumerable();
            foreach (var row in rows)
            {
                Add(row["c"].AsString, 1, row["t"].AsDateTime.ToUniversalTime());
            }
        }

        foreach (var chunk in store.Collection<FanOutChunk>().FindAll())
        {
            Add(chunk.Channel, chunk.Targets.Count, chunk.CreatedAt);
        }

        return queues;
    }

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

                if (delivery.Target == OutboxStore.ForgottenTarget)
                {
                    throw new ValidationException("The person this delivery was for has left and their address is deleted: there is nobody to send it to.");
                }

                if (scope.Collection<DeliveryTotals>().Exists(t => t.NotificationId == delivery.NotificationId))
                {
                    throw new ValidationException("This delivery is older than the retention period (Outbox:DeliveryRetentionDays) and is being removed; it cannot be retried.");
                }

                deliveries.Update(delivery with { State = DeliveryState.Pending, NextAttemptAt = now, LastError = $"retried by {actor}: {delivery.LastError}" });
                _finished.TryRemove(delivery.NotificationId, out _);
                scope.Collection<FailingTarget>().Delete(FailingTarget.KeyFor(delivery.Channel, delivery.Target));
                scope.Signal(OutboxStore.QueuedSignal);
                Audit.AuditWriteScopeExtensions.Audit(scope, now, actor, "delivery.retried", $"delivery:{deliveryId}", delivery.LastError ?? "");
            },
            affectsStatusPage: false);
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
