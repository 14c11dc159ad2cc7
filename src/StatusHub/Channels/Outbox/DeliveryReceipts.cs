using StatusHub.Storage;

namespace StatusHub.Channels.Outbox;

/// <summary>What providers report after they took a message (SMS delivery reports), written onto its outbox row.</summary>
public sealed class DeliveryReceipts(LiteStore store, TimeProvider time)
{
    /// <summary>
    /// How long a report waits for its message's outcome to be written. A provider may report within milliseconds of
    /// taking a message, before the dispatcher's next group commit records the id its answer named
    /// (<see cref="OutboxOptions.GroupCommitMilliseconds"/>); a report is only given up on when its message is still
    /// unknown after this.
    /// </summary>
    public static readonly TimeSpan OutcomeWait = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private enum Found
    {
        Recorded,
        Unknown,

        /// <summary>No sent row has the id yet, but some of the channel's sends are in flight: it may be one of them.</summary>
        NotYet,
    }

    /// <summary>
    /// A provider's last word on a message it took (<paramref name="externalId"/> as its answer named it): delivered is
    /// noted on the row; not delivered makes the row a dead letter with the provider's reason, where staff can retry it.
    /// The number is not marked failing: a phone switched off for days says nothing lasting about it. False when no
    /// sent row has that id (a report for an old, retired or unknown message), also after <see cref="OutcomeWait"/>.
    /// </summary>
    public async Task<bool> RecordAsync(string channel, string externalId, bool delivered, string? error, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            // Read without the write lock while waiting: the dispatcher's commits are what is waited for.
            var deliveries = store.Collection<Delivery>();
            var found = deliveries.Exists(d => d.ReportId == externalId && d.Channel == channel)
                ? Record(channel, externalId, delivered, error)
                : deliveries.Exists(d => d.State == DeliveryState.InFlight && d.Channel == channel) ? Found.NotYet : Found.Unknown;
            if (found != Found.NotYet || waited >= OutcomeWait)
            {
                return found == Found.Recorded;
            }

            await Task.Delay(Poll, time, cancellationToken);
            waited += Poll;
        }
    }

    private Found Record(string channel, string externalId, bool delivered, string? error)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return store.Write(
            scope =>
            {
                var deliveries = scope.Collection<Delivery>();
                var delivery = deliveries.FindOne(d => d.ReportId == externalId && d.Channel == channel);
                if (delivery is not { State: DeliveryState.Sent })
                {
                    return Found.Unknown;
                }

                deliveries.Update(delivered
                    ? delivery with { DeliveredAt = now }
                    : delivery with { State = DeliveryState.Failed, LastError = DeliveryOutcome.Truncate(error ?? "the provider reports it undelivered") });
                if (!delivered)
                {
                    scope.Signal(OutboxStore.FailedSignal);
                }

                return Found.Recorded;
            },
            affectsStatusPage: false,
            allowedWhileReadOnly: SystemWrite.OutboxDelivery);
    }
}
