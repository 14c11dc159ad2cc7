using System.Text.Json.Nodes;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Markdown;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using static StatusHub.Channels.Outbox.NotificationContent;

namespace StatusHub.Maintenance;

/// <summary>What the channels say about scheduled maintenance: the templates' model and Statuspage's incident webhook with <c>impact: maintenance</c>.</summary>
public static class MaintenanceNotice
{
    /// <summary>The notice of a maintenance event, with the page's status as it stands in <paramref name="reader"/>.</summary>
    public static NotificationContent For(ScheduledMaintenance maintenance, NotificationEvent notificationEvent, PageInfo page, IDocumentReader reader) =>
        For(notificationEvent, maintenance, page, OverallStatus.Read(reader), KnownComponents.Names(reader));

    /// <summary>The reminder that the window opens in <paramref name="startsIn"/>; templates read it as <c>maintenance.starts_in</c>.</summary>
    public static NotificationContent Reminder(ScheduledMaintenance maintenance, TimeSpan startsIn, PageInfo page, IDocumentReader reader) =>
        For(NotificationEvent.MaintenanceReminder, maintenance, page, OverallStatus.Read(reader), KnownComponents.Names(reader), new()
        {
            ["starts_in"] = Duration((int)Math.Ceiling(startsIn.TotalMinutes)),
        });

    /// <summary>The announcement again, for a window moved after subscribers were reminded of its old start (<c>maintenance.rescheduled</c>).</summary>
    public static NotificationContent Rescheduled(ScheduledMaintenance maintenance, DateTime previousStart, PageInfo page, IDocumentReader reader) =>
        For(NotificationEvent.MaintenanceScheduled, maintenance, page, OverallStatus.Read(reader), KnownComponents.Names(reader), new()
        {
            ["rescheduled"] = true,
            ["previous_starts_at"] = LocalText.Moment(previousStart, page.Zone),
        });

    /// <summary>What a window called off (<see cref="ScheduledMaintenance.CalledOff"/>) is announced as: completed once it had opened, else cancelled.</summary>
    public static NotificationEvent CalledOffEvent(ScheduledMaintenance calledOff) =>
        calledOff.Status == MaintenanceStatus.Completed ? NotificationEvent.MaintenanceCompleted : NotificationEvent.MaintenanceCancelled;

    /// <summary>"1 minute", "45 minutes", "2 hours", "3 hours 30 minutes", "7 days": a lead time as a reader says it, in their language.</summary>
    public static LocalText Duration(int minutes) => minutes switch
    {
        < 120 => LocalText.Units(minutes: minutes),
        _ when minutes > 48 * 60 && minutes % (24 * 60) == 0 => LocalText.Units(days: minutes / (24 * 60)),
        _ => LocalText.Units(hours: minutes / 60, minutes: minutes % 60),
    };

    public static NotificationContent For(
        NotificationEvent notificationEvent,
        ScheduledMaintenance maintenance,
        PageInfo page,
        OverallStatus overall,
        Func<string, string> componentName,
        Dictionary<string, object?>? extra = null)
    {
        var url = page.Link($"/maintenance/{maintenance.Id}");
        var shortUrl = page.Link($"/m/{maintenance.Id}");
        var model = BaseModel(notificationEvent, page, maintenance.Title, url, shortUrl);
        var details = new Dictionary<string, object?>
        {
            ["id"] = maintenance.Id,
            ["name"] = maintenance.Title,
            ["status"] = maintenance.Status.ToWire(),
            ["status_label"] = LocalText.Word($"maintenance.{maintenance.Status.ToWire()}"),
            ["url"] = url,
            ["short_url"] = shortUrl,
            ["starts_at"] = LocalText.Moment(maintenance.StartsAt, page.Zone),
            ["ends_at"] = LocalText.Moment(maintenance.EndsAt, page.Zone),
            ["body"] = new MarkdownText(maintenance.Body),
            ["body_html"] = MarkdownRenderer.ToHtml(maintenance.Body),
            ["components"] = maintenance.ComponentIds.Select(componentName).ToList(),
        };
        foreach (var (key, value) in extra ?? [])
        {
            details[key] = value;
        }

        model["maintenance"] = details;

        var payload = overall.WebhookMeta(page);
        payload["incident"] = new JsonObject
        {
            ["id"] = maintenance.Id,
            ["name"] = maintenance.Title,
            ["status"] = maintenance.Status.ToWire(),
            ["impact"] = "maintenance",
            ["scheduled_for"] = Iso(maintenance.StartsAt),
            ["scheduled_until"] = Iso(maintenance.EndsAt),
            ["created_at"] = Iso(maintenance.CreatedAt),
            ["updated_at"] = Iso(maintenance.UpdatedAt),
            ["shortlink"] = shortUrl,
            ["incident_updates"] = new JsonArray(maintenance.Updates.OrderByDescending(u => u.PostedAt).Select(u => (JsonNode)new JsonObject
            {
                ["id"] = u.Id,
                ["incident_id"] = maintenance.Id,
                ["status"] = u.Status.ToWire(),
                ["body"] = u.Body,
                ["created_at"] = Iso(u.PostedAt),
                ["display_at"] = Iso(u.PostedAt),
            }).ToArray()),
            ["components"] = new JsonArray(maintenance.ComponentIds.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["name"] = componentName(id) }).ToArray()),
        };
        return new NotificationContent(notificationEvent, maintenance.Title, $"maintenance:{maintenance.Id}", null, maintenance.ComponentIds, model, payload);
    }
}
