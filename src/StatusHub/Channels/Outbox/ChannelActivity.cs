using StatusHub.Storage;

namespace StatusHub.Channels.Outbox;

/// <summary>
/// When a channel last delivered and last failed, kept as one small document per channel beside the outbox rows, so
/// the health view reads it in one look-up instead of sorting every row the channel ever sent.
/// </summary>
public sealed record ChannelActivity
{
    /// <summary>The channel's name.</summary>
    public required string Id { get; init; }

    public DateTime? LastSuccessAt { get; init; }
    public DateTime? LastFailureAt { get; init; }
    public string? LastError { get; init; }

    /// <summary>Folds a batch of outcomes into each channel's document, in the transaction that records them.</summary>
    public static void Record(WriteScope scope, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var activities = scope.Collection<ChannelActivity>();
        foreach (var channel in outcomes.GroupBy(o => o.Delivery.Channel, StringComparer.Ordinal))
        {
            var activity = activities.FindById(channel.Key) ?? new ChannelActivity { Id = channel.Key };
            foreach (var outcome in channel)
            {
                if (outcome.Result is SendResult.Sent && !(outcome.At <= activity.LastSuccessAt))
                {
                    activity = activity with { LastSuccessAt = outcome.At };
                }
                else if (Error(outcome.Result) is { } error && !(outcome.At < activity.LastFailureAt))
                {
                    activity = activity with { LastFailureAt = outcome.At, LastError = DeliveryOutcome.Truncate(error) };
                }
            }

            activities.Upsert(activity);
        }
    }

    private static string? Error(SendResult result) => result switch
    {
        SendResult.Permanent permanent => permanent.Error,
        SendResult.Transient transient => transient.Error,
        _ => null,
    };
}
