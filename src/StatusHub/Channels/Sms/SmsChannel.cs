using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Channels.Sms;

/// <summary>
/// Text messages through the provider <c>Sms:Provider</c> picks (<see cref="SmsGateways"/>): the provider builds the
/// request and reads the answer; the outbox contract (retries after Retry-After, refused numbers, the pace) is this one's.
/// </summary>
public sealed class SmsChannel(IOptionsMonitor<SmsOptions> options, SignedPoster poster, IPageAddress page) : INotificationChannel
{
    /// <summary>Where providers report delivery (Twilio's StatusCallback, MessageBird's reportUrl, the webhooks set up at Vonage and on the phone).</summary>
    public const string StatusPath = "/sms/status";

    public string Name => ChannelNames.Sms;

    public string? ConfigurationProblem => options.CurrentValue.Problem();

    public ChannelLimits Limits => new(Concurrency: 4, PerSecond: Math.Max(1, options.CurrentValue.PerSecond));

    public bool Carries(NotificationEvent notificationEvent) =>
        notificationEvent is NotificationEvent.Test or NotificationEvent.ConfirmationCode || options.CurrentValue.EffectiveEvents.Contains(notificationEvent.ToWire(), StringComparer.OrdinalIgnoreCase);

    public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var gateway = current.Gateway!;
        var text = new SmsToSend(message.Delivery.Target, message.Content.Text, message.Delivery.Id, page.Page.Link(StatusPath));
        return poster.SendAsync(
            now => gateway.Request(current, text, now),
            async (response, now) =>
            {
                var answer = new SmsAnswer(response.StatusCode, response.ReasonPhrase, await AnswerBody.ReadAsync(response, SmsAnswer.MaxBodyChars, cancellationToken));
                return Outcome(gateway, gateway.Read(answer), SignedPoster.RetryAfter(response, now));
            },
            cancellationToken);
    }

    /// <summary>
    /// A provider refusing StatusHub itself (credentials, sender, account) is retried with backoff like an outage and shows
    /// on the channel's health until it is fixed: marking every number failing for a setting would lose them all.
    /// </summary>
    private static SendResult Outcome(ISmsGateway gateway, SmsVerdict verdict, TimeSpan? retryAfter) => verdict switch
    {
        SmsVerdict.Sent sent => new SendResult.Sent(sent.MessageId, DeliveryReported: true),
        SmsVerdict.Retry retry => new SendResult.Transient(retry.Why, retryAfter),
        SmsVerdict.NumberRefused refused => new SendResult.Permanent($"the number is refused: {refused.Why}"),
        SmsVerdict.GatewayRefused refused => new SendResult.Transient($"the gateway refuses StatusHub ({refused.Why}): check {gateway.CredentialKeys}", ChannelWide: true),
        _ => throw new InvalidOperationException($"Unknown SMS verdict {verdict}."),
    };
}
