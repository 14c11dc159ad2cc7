using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Webhooks;

/// <summary>
/// Signed JSON posts shaped like Statuspage's incident webhooks to the URLs staff registered and, through
/// <paramref name="publicOnly"/> (kept off private networks), to subscribers' URLs.
/// </summary>
public sealed class WebhookChannel(IOptionsMonitor<WebhookOptions> options, SignedPoster poster, PublicOnlyPoster? publicOnly = null) : INotificationChannel
{
    public string Name => ChannelNames.Webhook;

    public string? ConfigurationProblem => options.CurrentValue.Problem();

    public ChannelLimits Limits => new(Concurrency: 8, PerSecond: Math.Max(1, options.CurrentValue.PerSecond));

    public bool Carries(NotificationEvent notificationEvent) => !notificationEvent.IsPersonal();

    public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        PosterFor(message.Delivery.Target).PostAsync(new Uri(message.Delivery.Target), message.Content.Text, options.CurrentValue.Secret!, message.Delivery.Id, cancellationToken);

    private SignedPoster PosterFor(string url) =>
        publicOnly is null || publicOnly.IsRegisteredByStaff(url) ? poster : publicOnly.Poster;
}
