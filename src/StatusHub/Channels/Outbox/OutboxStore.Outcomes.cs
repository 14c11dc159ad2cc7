using StatusHub.Storage;

namespace StatusHub.Channels.Outbox;

public sealed partial class OutboxStore
{
    private static void Record(WriteScope scope, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var deliveries = scope.Collection<Delivery>();
        var failing = scope.Collection<FailingTarget>();
        ChannelActivity.Record(scope, outcomes);
        foreach (var outcome in outcomes)
        {
            deliveries.Update(outcome.Apply());
            if (outcome.Result is SendResult.Permanent)
            {
                scope.Signal(FailedSignal);
            }

            if (outcome.Result is SendResult.Permanent { MessageOnly: false } permanent)
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
    }

    /// <summary>Whether the target's deliveries were refused for good and it is skipped for later notices.</summary>
    public bool IsFailing(string channel, string target) => store.Collection<FailingTarget>().FindById(FailingTarget.KeyFor(channel, target)) is not null;

    /// <summary>
    /// The target showed it can be reached again (a chat that had blocked the bot sends /start, a bounced address confirms a sign-up link again): it is no longer skipped
    /// as failing, so the next notice reaches it. Audited under <paramref name="actor"/>. Returns whether it was failing.
    /// </summary>
    public bool Reachable(string channel, string target, string actor)
    {
        if (!IsFailing(channel, target))
        {
            return false;
        }

        var key = FailingTarget.KeyFor(channel, target);
        var now = Now();
        return store.Write(
            scope =>
            {
                if (!scope.Collection<FailingTarget>().Delete(key))
                {
                    return false;
                }

                Audit.AuditWriteScopeExtensions.Audit(scope, now, actor, "target.reachable", $"target:{channel}");
                return true;
            },
            affectsStatusPage: false);
    }

    /// <summary>
    /// Puts claimed rows that were never attempted (the dispatcher stopping before their turn) back in the queue as they
    /// were before the claim, due now, so the next start sends them first.
    /// </summary>
    public void Release(IReadOnlyList<Delivery> unattempted)
    {
        if (unattempted.Count == 0)
        {
            return;
        }

        var now = Now();
        store.Write(
            scope =>
            {
                var deliveries = scope.Collection<Delivery>();
                foreach (var delivery in unattempted)
                {
                    deliveries.Update(delivery with { State = DeliveryState.Pending, NextAttemptAt = now, Attempts = delivery.Attempts - 1 });
                }
            },
            affectsStatusPage: false,
            allowedWhileReadOnly: SystemWrite.OutboxDelivery);
    }
}
