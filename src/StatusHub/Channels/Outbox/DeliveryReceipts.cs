using StatusHub.Storage;

namespace StatusHub.Channels.Outbox;

/// <summary>What providers report after they took a message (SMS delivery reports), written onto its outbox row.</summary>
public sealed class DeliveryReceipts(LiteStore store, TimeProvider time)
{
    /// <summary>
    /// A provider's last word on a message it took (<paramref name="externalId"/> as its answer named it): delivered is
    /// noted on the row; not delivered makes the row a dead letter with the provider's reason, where staff can retry it.
    /// The number is not marked failing: a phone switched off for days says nothing lasting about it. False when no
    /// sent row has that id (a report for an old, retired or unknown message).
    /// </summary>
    public bool Record(string channel, string externalId, bool delivered, string? error)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return store.Write(
            scope =>
            {
                var deliveries = scope.Collection<Delivery>();
                var delivery = deliveries.FindOne(d => d.ReportId == externalId && d.Channel == channel);
                if (delivery is not { State: DeliveryState.Sent })
                {
                    return false;
                }

                deliveries.Update(delivered
                    ? delivery with { DeliveredAt = now }
                    : delivery with { State = DeliveryState.Failed, LastError = DeliveryOutcome.Truncate(error ?? "the provider reports it undelivered") });
                return true;
            },
            affectsStatusPage: false,
            allowedWhileReadOnly: SystemWrite.OutboxDelivery);
    }
}
