using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Social;

public static class SocialEvents
{
    /// <summary>What the company's public accounts post: every notice people read; no component webhooks, nothing personal.</summary>
    public static bool Carries(NotificationEvent notificationEvent) =>
        notificationEvent != NotificationEvent.ComponentUpdated && !notificationEvent.IsPersonal();
}
