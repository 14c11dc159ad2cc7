using System.Text.Json.Nodes;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Markdown;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using static StatusHub.Channels.Outbox.NotificationContent;

namespace StatusHub.Incidents;

/// <summary>What the channels say about an incident update: the templates' model and Statuspage's incident webhook.</summary>
public static class IncidentNotice
{
    /// <summary>The notice of an incident update; <paramref name="overall"/> is the page's status once it is saved (<see cref="OverallStatus.Read"/>).</summary>
    public static NotificationContent For(Incident incident, IncidentUpdate update, bool isNew, PageInfo page, OverallStatus overall, IDocumentReader reader)
    {
        var notificationEvent = isNew ? NotificationEvent.IncidentCreated
            : update.Status == IncidentStatus.Resolved ? NotificationEvent.IncidentResolved
            : NotificationEvent.IncidentUpdated;
        return For(notificationEvent, incident, update, page, overall, KnownComponents.Names(reader));
    }

    public static NotificationContent For(NotificationEvent notificationEvent, Incident incident, IncidentUpdate update, PageInfo page, OverallStatus overall, Func<string, string> componentName)
    {
        var url = page.Link($"/incidents/{incident.Id}");
        var shortUrl = page.Link($"/i/{incident.Id}");
        var incidentModel = new Dictionary<string, object?>
        {
            ["id"] = incident.Id,
            ["name"] = incident.Title,
            ["status"] = incident.Status.ToWire(),
            ["status_label"] = LocalText.Word($"incident.{incident.Status.ToWire()}"),
            ["impact"] = incident.Impact.ToWire(),
            ["url"] = url,
            ["short_url"] = shortUrl,
            ["components"] = incident.ComponentIds.Select(componentName).ToList(),
            ["started_at"] = LocalText.Moment(incident.StartedAt, page.Zone),
            ["resolved_at"] = incident.ResolvedAt is { } resolved ? LocalText.Moment(resolved, page.Zone) : null,
            ["duration"] = incident.Duration is { } duration ? Duration(duration) : null,
        };
        var updateModel = new Dictionary<string, object?>
        {
            ["id"] = update.Id,
            ["status"] = update.Status.ToWire(),
            ["status_label"] = LocalText.Word($"incident.{update.Status.ToWire()}"),
            ["body"] = new MarkdownText(update.Body),
            ["body_html"] = MarkdownRenderer.ToHtml(update.Body),
            ["display_at"] = LocalText.Moment(update.DisplayAt, page.Zone),
            ["components"] = update.ComponentStatuses
                .Select(p => new Dictionary<string, object?> { ["name"] = componentName(p.Key), ["status"] = p.Value.ToWire(), ["status_label"] = LocalText.Word($"component.{p.Value.ToWire()}") })
                .ToList(),
        };
        var model = BaseModel(notificationEvent, page, incident.Title, url, shortUrl);
        model["incident"] = incidentModel;
        model["update"] = updateModel;

        var payload = overall.WebhookMeta(page);
        payload["incident"] = new JsonObject
        {
            ["id"] = incident.Id,
            ["name"] = incident.Title,
            ["status"] = incident.Status.ToWire(),
            ["impact"] = incident.Impact.ToWire(),
            ["created_at"] = Iso(incident.CreatedAt),
            ["updated_at"] = Iso(incident.UpdatedAt),
            ["started_at"] = Iso(incident.StartedAt),
            ["resolved_at"] = incident.ResolvedAt is { } r ? Iso(r) : null,
            ["shortlink"] = shortUrl,
            ["incident_updates"] = new JsonArray(incident.Timeline.Select(u => (JsonNode)new JsonObject
            {
                ["id"] = u.Id,
                ["incident_id"] = incident.Id,
                ["status"] = u.Status.ToWire(),
                ["body"] = u.Body,
                ["created_at"] = Iso(u.PostedAt),
                ["display_at"] = Iso(u.DisplayAt),
                ["updated_at"] = Iso(u.Revisions.Count > 0 ? u.Revisions[^1].EditedAt : u.PostedAt),
                ["affected_components"] = new JsonArray(u.ComponentStatuses.Select(p => (JsonNode)new JsonObject
                {
                    ["code"] = p.Key,
                    ["name"] = componentName(p.Key),
                    ["new_status"] = p.Value.ToWire(),
                }).ToArray()),
            }).ToArray()),
            ["components"] = new JsonArray(incident.ComponentIds.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["name"] = componentName(id) }).ToArray()),
        };
        return new NotificationContent(notificationEvent, incident.Title, $"incident:{incident.Id}", update.Id, incident.ComponentIds, model, payload);
    }

    /// <summary>As <see cref="Durations.Describe"/> says it, in the reader's language: days and hours, or hours and minutes, or seconds.</summary>
    private static LocalText Duration(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1)
            ? LocalText.Units(seconds: Math.Max(0, (int)span.TotalSeconds))
            : LocalText.Units(days: span.Days, hours: span.Hours, minutes: span.Days == 0 ? span.Minutes : 0);
}
