using LiteDB;
using Microsoft.Extensions.Options;
using StatusHub.Storage;

namespace StatusHub.Channels.Outbox;

/// <summary>
/// Keeps the outbox from growing for ever: the delivery rows of notices older than <see cref="OutboxOptions.DeliveryRetentionDays"/>
/// are replaced by per-notice, per-channel <see cref="DeliveryTotals"/>, then deleted a few hundred per transaction,
/// hourly, off the request path. A notice is retired with every other notice of its subject (an incident's updates
/// together), and only when all of them are that old and finished: nothing queued, in flight or still in a chunk.
/// </summary>
public sealed class DeliveryRetention(LiteStore store, IOptionsMonitor<OutboxOptions> options, ReadOnlyMode readOnly, TimeProvider time, ILogger<DeliveryRetention> logger)
    : Housekeeping(readOnly, time, logger, "Deleting old delivery rows")
{
    /// <summary>Rows deleted per transaction: the dispatcher waits for one such transaction at most.</summary>
    public const int RowsPerTransaction = 500;

    /// <summary>Notices whose subject cannot be retired yet (one of them is still being delivered), skipped until the next round.</summary>
    private readonly HashSet<string> _blocked = new(StringComparer.Ordinal);

    /// <summary>Steps until nothing is left to do; returns how many rows went.</summary>
    public int RunOnce()
    {
        _blocked.Clear();
        var deleted = 0;
        while (Step() is { } rows)
        {
            deleted += rows;
        }

        return deleted;
    }

    /// <summary>
    /// One transaction's work: deletes up to <see cref="RowsPerTransaction"/> rows of a retired notice, or retires the
    /// next notices that are due (writes their totals; returns 0). Null when there is nothing to do.
    /// </summary>
    public int? Step()
    {
        if (store.Collection<DeliveryTotals>().FindOne(t => t.RowsLeft) is { } left)
        {
            return DeleteRows(left);
        }

        var cutoff = Time.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.DeliveryRetentionDays);
        var due = store.Collection<Notification>().Find(n => n.DeliveriesRetiredAt == null)
            .Where(n => n.CreatedAt < cutoff && !_blocked.Contains(n.Id))
            .OrderBy(n => n.CreatedAt)
            .FirstOrDefault();
        if (due is null)
        {
            return null;
        }

        var group = due.Subject is null
            ? [due]
            : store.Collection<Notification>().Find(n => n.Subject == due.Subject).Where(n => n.DeliveriesRetiredAt == null).ToList();
        if (group.Any(n => n.CreatedAt >= cutoff) || !Finished(store, group.Select(n => n.Id).ToHashSet(StringComparer.Ordinal)) || !Retire(group))
        {
            _blocked.UnionWith(group.Select(n => n.Id));
        }

        return 0;
    }

    /// <summary>Writes the totals of <paramref name="group"/> and marks it retired; false when one of it is still being delivered.</summary>
    private bool Retire(IReadOnlyList<Notification> group)
    {
        // Counted before the transaction, from rows that no longer change (nothing of the group is queued);
        // the transaction checks that again, so a dead letter retried meanwhile keeps its notice alive.
        var totals = Count(group.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal));
        var ids = group.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var now = Time.GetUtcNow().UtcDateTime;
        try
        {
            return store.Write(
                scope =>
                {
                    if (!Finished(scope, ids))
                    {
                        return false;
                    }

                    scope.Collection<DeliveryTotals>().InsertBulk(totals);
                    foreach (var notification in group)
                    {
                        scope.Update(notification with { DeliveriesRetiredAt = now }, "The notification");
                    }

                    return true;
                },
                affectsStatusPage: false);
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or NotFoundException)
        {
            return false;
        }
    }

    private static bool Finished(IDocumentReader reader, IReadOnlySet<string> ids)
    {
        // By state, the few rows still queued, not by notice: a notice to 100,000 subscribers is 100,000 rows.
        var deliveries = reader.Collection<Delivery>();
        return !deliveries.Find(d => d.State == DeliveryState.Pending).Concat(deliveries.Find(d => d.State == DeliveryState.InFlight))
                .Any(d => ids.Contains(d.NotificationId))
            && !ids.Any(id => reader.Collection<FanOutChunk>().Exists(c => c.NotificationId == id));
    }

    private List<DeliveryTotals> Count(IEnumerable<Notification> inOrder)
    {
        var reached = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var totals = new List<DeliveryTotals>();
        foreach (var notification in inOrder)
        {
            var tallies = new Dictionary<string, (int Sent, int Failed, int First)>(StringComparer.Ordinal);
            var rows = store.Collection<Delivery>().Query()
                .Where(d => d.NotificationId == notification.Id)
                .Select(BsonExpression.Create("{ c: $.Channel, s: $.State, t: $.Target, i: $._id }"))
                .ToEnumerable();
            foreach (var row in rows)
            {
                var channel = row["c"].AsString;
                var tally = tallies.GetValueOrDefault(channel);
                if (row["s"].AsString == nameof(DeliveryState.Sent))
                {
                    var targets = reached.TryGetValue(channel, out var seen) ? seen : reached[channel] = new HashSet<string>(StringComparer.Ordinal);
                    // As OutboxReadModel.SentCountsFor counts: everyone who left is one forgotten target, each row on its own.
                    var target = row["t"].AsString == OutboxStore.ForgottenTarget ? row["i"].AsString : row["t"].AsString;
                    tally = (tally.Sent + 1, tally.Failed, tally.First + (targets.Add(target) ? 1 : 0));
                }
                else
                {
                    tally = (tally.Sent, tally.Failed + 1, tally.First);
                }

                tallies[channel] = tally;
            }

            totals.AddRange(tallies.Select(t => new DeliveryTotals
            {
                Id = DeliveryTotals.KeyFor(notification.Id, t.Key),
                NotificationId = notification.Id,
                Channel = t.Key,
                Sent = t.Value.Sent,
                Failed = t.Value.Failed,
                FirstReached = t.Value.First,
                RowsLeft = true,
            }));
        }

        return totals;
    }

    private int DeleteRows(DeliveryTotals totals) => store.Write(
        scope =>
        {
            var deliveries = scope.Collection<Delivery>();
            var ids = deliveries.Query()
                .Where(d => d.NotificationId == totals.NotificationId)
                .Where(d => d.Channel == totals.Channel)
                .Select(d => d.Id)
                .Limit(RowsPerTransaction)
                .ToList();
            foreach (var id in ids)
            {
                deliveries.Delete(id);
            }

            if (ids.Count < RowsPerTransaction)
            {
                scope.Collection<DeliveryTotals>().Update(totals with { RowsLeft = false });
            }

            return ids.Count;
        },
        affectsStatusPage: false);

    protected override void Clean()
    {
        if (RunOnce() is var deleted and > 0)
        {
            logger.LogInformation("Deleted {Count} delivery rows older than {Days} days; their totals are kept", deleted, options.CurrentValue.DeliveryRetentionDays);
        }
    }
}
