using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Channels.Sms;

/// <summary>Text messages through an HTTP gateway: a signed POST of <c>{"to","text","id"}</c> per number.</summary>
public sealed class SmsChannel(IOptionsMonitor<SmsOptions> options, SignedPoster poster) : INotificationChannel
{
    public string Name => ChannelNames.Sms;

    public string? ConfigurationProblem => options.CurrentValue.Problem();

    public ChannelLimits Limits => new(Concurrency: 4, PerSecond: Math.Max(1, options.CurrentValue.PerSecond));

    public bool Carries(NotificationEvent notificationEvent) =>
        notificationEvent is NotificationEvent.Test or NotificationEvent.ConfirmationCode || options.CurrentValue.EffectiveEvents.Contains(notificationEvent.ToWire(), StringComparer.OrdinalIgnoreCase);

    public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var json = JsonSerializer.Serialize(new { to = message.Delivery.Target, text = message.Content.Text, id = message.Delivery.Id });
        return poster.PostAsync(new Uri(current.WebhookUrl!), json, current.Secret!, message.Delivery.Id, cancellationToken, Classify);
    }

    /// <summary>
    /// One gateway carries every number, so only 400 and 422 refuse a number (it is marked failing). Any other 4xx
    /// refuses StatusHub itself (wrong URL, secret or account): every number would be marked failing for a setting,
    /// so it is retried with backoff like an outage until the gateway is fixed, and shows on the channel's health.
    /// </summary>
    public static SendResult Classify(HttpResponseMessage response, DateTimeOffset now) =>
        SignedPoster.Classify(response, now) switch
        {
            SendResult.Permanent refused when response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity) =>
                new SendResult.Transient($"the gateway refuses StatusHub ({refused.Error}): check Sms:WebhookUrl and Sms:Secret"),
            var result => result,
        };
}
