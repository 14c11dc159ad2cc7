using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Announcements;

public static class AnnouncementTones
{
    /// <summary>Resolved and completed read green, maintenance blue, an open incident by its impact.</summary>
    public static AnnouncementTone Of(NotificationContent content) => content.Event switch
    {
        NotificationEvent.IncidentResolved or NotificationEvent.MaintenanceCompleted => AnnouncementTone.Resolved,
        NotificationEvent.MaintenanceScheduled or NotificationEvent.MaintenanceReminder or NotificationEvent.MaintenanceStarted or NotificationEvent.MaintenanceCancelled => AnnouncementTone.Maintenance,
        NotificationEvent.IncidentCreated or NotificationEvent.IncidentUpdated => (content.Model.GetValueOrDefault("incident") as IReadOnlyDictionary<string, object?>)?.GetValueOrDefault("impact") switch
        {
            "minor" => AnnouncementTone.Minor,
            "major" => AnnouncementTone.Major,
            "critical" => AnnouncementTone.Critical,
            _ => AnnouncementTone.Neutral,
        },
        _ => AnnouncementTone.Neutral,
    };
}
