using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Webhooks;

/// <summary>
/// Signed JSON posts shaped like Statuspage's incident webhooks to the URLs staff registered and, through
/// <paramref name="publicOnly"/> (kept off private networks), to subscribers' URLs. A subscriber's payload carries
/// <c>meta.unsubscribe</c>, as Statuspage's do: its own signed, expiring link to change what it follows or leave (<paramref name="links"/>).
/// </summary>
public sealed class WebhookChannel(IOptionsMonitor<WebhookOptions> options, SignedPoster poster, PublicOnlyPoster publicOnly, IRecipientLinks links) : INotificationChannel
{
    public string Name => ChannelNames.Webhook;

    public string? ConfigurationProblem => options.CurrentValue.Problem();

    public ChannelLimits Limits => new(Concurrency: 8, PerSecond: Math.Max(1, options.CurrentValue.PerSecond));

    public bool Carries(NotificationEvent notificationEvent) => !notificationEvent.IsPersonal();

    public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var url = message.Delivery.Target;
        var subscribed = !publicOnly.IsRegisteredByStaff(url);
        var body = subscribed
            ? WithUnsubscribeLink(message.Content.Text, links.PreferencesFor(ChannelNames.Webhook, url))
            : message.Content.Text;
        return (subscribed ? publicOnly.Poster : poster).PostAsync(new Uri(url), body, options.CurrentValue.Secret!, message.Delivery.Id, cancellationToken);
    }

    private static string WithUnsubscribeLink(string payload, string link)
    {
        if (JsonNode.Parse(payload) is not JsonObject json)
        {
            return payload;
        }

        if (json["meta"] is not JsonObject meta)
        {
            json["meta"] = meta = new JsonObject();
        }

        meta["unsubscribe"] = link;
        return json.ToJsonString();
    }
}
