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
        return poster.PostAsync(new Uri(current.WebhookUrl!), json, current.Secret!, message.Delivery.Id, cancellationToken);
    }
}
