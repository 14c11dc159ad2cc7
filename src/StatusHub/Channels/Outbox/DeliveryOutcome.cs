using StatusHub.Text;

namespace StatusHub.Channels.Outbox;

/// <summary>What one attempt came to, ready to be written back.</summary>
public sealed record DeliveryOutcome(Delivery Delivery, SendResult Result, DateTime At, TimeSpan RetryDelay)
{
    public Delivery Apply() => Result switch
    {
        SendResult.Sent sent => Delivery with
        {
            State = DeliveryState.Sent,
            SentAt = At,
            ExternalId = sent.ExternalId,
            ReportId = sent.DeliveryReported ? sent.ExternalId : null,
            LastError = null,
        },
        SendResult.Permanent permanent => Delivery with { State = DeliveryState.Failed, LastError = Truncate(permanent.Error) },
        SendResult.Transient transient => Delivery with { State = DeliveryState.Pending, NextAttemptAt = At + RetryDelay, LastError = Truncate(transient.Error) },
        SendResult.Deferred deferred => Delivery with { State = DeliveryState.Pending, NextAttemptAt = At + deferred.Wait, Attempts = Delivery.Attempts - 1 },
        _ => throw new InvalidOperationException($"Unknown send result {Result}."),
    };

    internal static string Truncate(string error) => Ellipsis.Shorten(error, MaxErrorLength);

    private const int MaxErrorLength = 1000;
}
