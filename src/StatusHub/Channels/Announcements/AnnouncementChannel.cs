using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Channels.Announcements;

/// <summary>
/// Posts to the incoming webhooks staff registered for one chat platform. The payload was rendered when the notice was
/// published (what staff previewed); this only finds the endpoint's URL, adds the thread the platform keeps, and reads the
/// answer the platform's way. Off until an endpoint of the platform is registered.
/// </summary>
public sealed class AnnouncementChannel(
    AnnouncementPlatform platform,
    AnnouncementEndpointService endpoints,
    SignedPoster poster,
    IOptionsMonitor<AnnouncementOptions> options) : INotificationChannel
{
    public string Name => platform.Channel;

    public AnnouncementPlatform Platform => platform;

    public string? ConfigurationProblem =>
        endpoints.AnyFor(platform.Channel) ? null : $"no {platform.Label} webhook registered (an admin adds one under Channels → Announcement endpoints)";

    public ChannelLimits Limits => options.CurrentValue.PerSecond is > 0 and var perSecond ? platform.Limits with { PerSecond = perSecond } : platform.Limits;

    public bool ThreadsReplies => platform.ThreadsReplies;

    /// <summary>What a chat room wants to hear: public notices, not sign-ups, letters to one person or each component's change.</summary>
    public bool Carries(NotificationEvent notificationEvent) => !notificationEvent.IsPersonal() && notificationEvent != NotificationEvent.ComponentUpdated;

    public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        (AnnouncementEndpoint Endpoint, Uri Url)? found;
        try
        {
            found = endpoints.Find(message.Delivery.Target);
        }
        catch (CryptographicException)
        {
            // Retrying cannot bring back the key; staff must register the URL again.
            return Task.FromResult<SendResult>(new SendResult.Permanent($"The {platform.Label} endpoint's URL cannot be decrypted (the data folder's keys changed): remove it and register it again."));
        }

        if (found is not { } endpoint)
        {
            return Task.FromResult<SendResult>(new SendResult.Permanent($"The {platform.Label} endpoint {message.Delivery.Target} was removed."));
        }

        var send = new AnnouncementSend(endpoint.Url, message.Content.Payload ?? message.Content.Text, endpoint.Endpoint, message.ThreadExternalId, message.Content.Subject ?? message.Notification.Title);
        return poster.SendAsync(_ => platform.Request(send), (response, now) => platform.ReadAsync(response, send, now, cancellationToken), cancellationToken);
    }
}
