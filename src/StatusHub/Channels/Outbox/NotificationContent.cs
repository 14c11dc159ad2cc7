using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Markdown;
using StatusHub.Postmortems;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Time;

namespace StatusHub.Channels.Outbox;

/// <summary>Where links in messages point: the public page's absolute URL.</summary>
public sealed record PageInfo(string Name, string Url)
{
    public string Link(string path) => Url.TrimEnd('/') + path;
}

/// <summary>
/// Everything a channel may say about one event: the Liquid model the templates see and the
/// Statuspage-shaped JSON webhooks receive. Built from the stored incident or maintenance.
/// </summary>
public sealed record NotificationContent(
    NotificationEvent Event,
    string Title,
    string? Subject,
    string? UpdateId,
    IReadOnlyList<string> ComponentIds,
    IReadOnlyDictionary<string, object?> Model,
    JsonObject WebhookPayload)
{
    public string Url => (string)Model["url"]!;

    public string ShortUrl => (string)Model["short_url"]!;

    public static NotificationContent ForIncident(NotificationEvent notificationEvent, Incident incident, IncidentUpdate update, PageInfo page, OverallStatus overall, Func<string, string> componentName)
    {
        var url = page.Link($"/incidents/{incident.Id}");
        var shortUrl = page.Link($"/i/{incident.Id}");
        var incidentModel = new Dictionary<string, object?>
        {
            ["id"] = incident.Id,
            ["name"] = incident.Title,
            ["status"] = incident.Status.ToWire(),
            ["status_label"] = incident.Status.ToLabel(),
            ["impact"] = incident.Impact.ToWire(),
            ["url"] = url,
            ["short_url"] = shortUrl,
            ["components"] = incident.ComponentIds.Select(componentName).ToList(),
            ["started_at"] = UtcText.Format(incident.StartedAt),
            ["resolved_at"] = incident.ResolvedAt is { } resolved ? UtcText.Format(resolved) : null,
            ["duration"] = incident.Duration is { } duration ? Durations.Describe(duration) : null,
        };
        var updateModel = new Dictionary<string, object?>
        {
            ["id"] = update.Id,
            ["status"] = update.Status.ToWire(),
            ["status_label"] = update.Status.ToLabel(),
            ["body"] = new MarkdownText(update.Body),
            ["body_html"] = MarkdownRenderer.ToHtml(update.Body),
            ["display_at"] = UtcText.Format(update.DisplayAt),
            ["components"] = update.ComponentStatuses
                .Select(p => new Dictionary<string, object?> { ["name"] = componentName(p.Key), ["status"] = p.Value.ToWire(), ["status_label"] = p.Value.ToLabel() })
                .ToList(),
        };
        var model = Base(notificationEvent, page, incident.Title, url, shortUrl);
        model["incident"] = incidentModel;
        model["update"] = updateModel;

        var payload = Meta(page, overall);
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

    public static NotificationContent ForMaintenance(NotificationEvent notificationEvent, ScheduledMaintenance maintenance, PageInfo page, OverallStatus overall, Func<string, string> componentName)
    {
        var url = page.Link($"/maintenance/{maintenance.Id}");
        var shortUrl = page.Link($"/m/{maintenance.Id}");
        var model = Base(notificationEvent, page, maintenance.Title, url, shortUrl);
        model["maintenance"] = new Dictionary<string, object?>
        {
            ["id"] = maintenance.Id,
            ["name"] = maintenance.Title,
            ["status"] = maintenance.Status.ToWire(),
            ["status_label"] = maintenance.Status.ToLabel(),
            ["url"] = url,
            ["short_url"] = shortUrl,
            ["starts_at"] = UtcText.Format(maintenance.StartsAt),
            ["ends_at"] = UtcText.Format(maintenance.EndsAt),
            ["body"] = new MarkdownText(maintenance.Body),
            ["body_html"] = MarkdownRenderer.ToHtml(maintenance.Body),
            ["components"] = maintenance.ComponentIds.Select(componentName).ToList(),
        };

        var payload = Meta(page, overall);
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

    /// <summary>
    /// A published post-mortem, built from its public copy only. It threads under the incident (same subject), and its
    /// webhook is the incident with Statuspage's <c>postmortem</c> status and fields.
    /// </summary>
    public static NotificationContent ForPostmortem(PublishedPostmortem postmortem, PageInfo page, OverallStatus overall, Func<string, string> componentName)
    {
        var url = page.Link($"/postmortems/{postmortem.Id}");
        var shortUrl = page.Link($"/p/{postmortem.Id}");
        var model = Base(NotificationEvent.PostmortemPublished, page, postmortem.Title, url, shortUrl);
        model["postmortem"] = new Dictionary<string, object?>
        {
            ["id"] = postmortem.Id,
            ["title"] = postmortem.Title,
            ["incident_name"] = postmortem.IncidentTitle,
            ["incident_url"] = page.Link($"/incidents/{postmortem.Id}"),
            ["short_story"] = new MarkdownText(postmortem.ShortStory),
            ["short_story_html"] = MarkdownRenderer.ToHtml(postmortem.ShortStory),
            ["data_loss"] = new MarkdownText(postmortem.DataLoss),
            ["url"] = url,
            ["short_url"] = shortUrl,
            ["published_at"] = UtcText.Format(postmortem.PublishedAt),
            ["updated"] = postmortem.WasUpdated,
            ["components"] = postmortem.ComponentIds.Select(componentName).ToList(),
        };

        var payload = Meta(page, overall);
        payload["incident"] = new JsonObject
        {
            ["id"] = postmortem.Id,
            ["name"] = postmortem.IncidentTitle,
            ["status"] = "postmortem",
            ["impact"] = postmortem.IncidentImpact.ToWire(),
            ["started_at"] = Iso(postmortem.Impact.StartedAt),
            ["resolved_at"] = Iso(postmortem.Impact.EndedAt),
            ["shortlink"] = page.Link($"/i/{postmortem.Id}"),
            ["postmortem_body"] = postmortem.ShortStory,
            ["postmortem_url"] = url,
            ["postmortem_published_at"] = Iso(postmortem.FirstPublishedAt),
            ["postmortem_body_last_updated_at"] = Iso(postmortem.PublishedAt),
            ["components"] = new JsonArray(postmortem.ComponentIds.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["name"] = componentName(id) }).ToArray()),
        };
        return new NotificationContent(NotificationEvent.PostmortemPublished, postmortem.Title, $"incident:{postmortem.Id}", null, postmortem.ComponentIds, model, payload);
    }

    /// <summary>
    /// A customer letter about a published post-mortem (its public copy only): the short story, the data-loss statement,
    /// what changes, and where to follow future incidents. <paramref name="note"/> is what staff add on top.
    /// </summary>
    public static NotificationContent ForCustomerLetter(PublishedPostmortem postmortem, PageInfo page, string? note, string? telegramChannelUrl, string? telegramGroupUrl)
    {
        var url = page.Link($"/postmortems/{postmortem.Id}");
        var model = Base(NotificationEvent.CustomerLetter, page, postmortem.Title, url, page.Link($"/p/{postmortem.Id}"));
        model["letter"] = new Dictionary<string, object?>
        {
            ["title"] = postmortem.Title,
            ["incident_name"] = postmortem.IncidentTitle,
            ["note"] = note is null ? null : new MarkdownText(note),
            ["note_html"] = MarkdownRenderer.ToHtml(note),
            ["short_story"] = new MarkdownText(postmortem.ShortStory),
            ["short_story_html"] = MarkdownRenderer.ToHtml(postmortem.ShortStory),
            ["data_loss"] = new MarkdownText(postmortem.DataLoss),
            ["data_loss_html"] = MarkdownRenderer.ToHtml(postmortem.DataLoss),
            ["changes"] = postmortem.ActionItems
                .Select(a => new Dictionary<string, object?> { ["description"] = a.Description, ["status"] = a.Status.ToPublicLabel() })
                .ToList(),
            ["postmortem_url"] = url,
            ["status_page_url"] = page.Url,
            ["subscribe_url"] = page.Link("/subscribe"),
            ["telegram_channel_url"] = telegramChannelUrl,
            ["telegram_group_url"] = telegramGroupUrl,
        };
        var payload = new JsonObject { ["page"] = new JsonObject { ["name"] = page.Name, ["url"] = page.Url } };
        return new NotificationContent(NotificationEvent.CustomerLetter, postmortem.Title, $"letter:{postmortem.Id}", null, postmortem.ComponentIds, model, payload);
    }

    /// <summary>A component status change, shaped like Statuspage's component webhook.</summary>
    public static NotificationContent ForComponent(ComponentStatusChanged change, PageInfo page, OverallStatus overall)
    {
        var component = change.Component;
        var model = Base(NotificationEvent.ComponentUpdated, page, component.Name, page.Url, page.Url);
        model["component"] = new Dictionary<string, object?>
        {
            ["id"] = component.Id,
            ["name"] = component.Name,
            ["status"] = component.Status.ToWire(),
            ["status_label"] = component.Status.ToLabel(),
            ["old_status"] = change.OldStatus.ToWire(),
        };
        var payload = Meta(page, overall);
        payload["component_update"] = new JsonObject
        {
            ["id"] = $"{component.Id}-{change.At.Ticks:x}",
            ["component_id"] = component.Id,
            ["created_at"] = Iso(change.At),
            ["old_status"] = change.OldStatus.ToWire(),
            ["new_status"] = component.Status.ToWire(),
        };
        payload["component"] = new JsonObject
        {
            ["id"] = component.Id,
            ["name"] = component.Name,
            ["status"] = component.Status.ToWire(),
            ["group_id"] = component.GroupId,
            ["position"] = component.Position,
            ["description"] = component.Description,
            ["created_at"] = Iso(component.CreatedAt),
            ["updated_at"] = Iso(component.UpdatedAt),
        };
        return new NotificationContent(NotificationEvent.ComponentUpdated, component.Name, $"component:{component.Id}", null, [component.Id], model, payload);
    }

    /// <summary>A "send test message" notice for the channel health view.</summary>
    public static NotificationContent ForTest(PageInfo page, string requestedBy)
    {
        var model = Base(NotificationEvent.Test, page, "Test message", page.Url, page.Url);
        model["requested_by"] = requestedBy;
        var payload = new JsonObject { ["meta"] = new JsonObject { ["test"] = true }, ["page"] = new JsonObject { ["name"] = page.Name, ["url"] = page.Url } };
        return new NotificationContent(NotificationEvent.Test, "Test message", null, null, [], model, payload);
    }

    /// <summary>A confirmation code for one person signing up; the code is in the model as <c>code</c>.</summary>
    public static NotificationContent ForConfirmationCode(PageInfo page, string code, TimeSpan validFor)
    {
        var model = Base(NotificationEvent.ConfirmationCode, page, "Confirmation code", page.Url, page.Url);
        model["code"] = code;
        model["valid_minutes"] = (int)validFor.TotalMinutes;
        var payload = new JsonObject { ["page"] = new JsonObject { ["name"] = page.Name, ["url"] = page.Url } };
        return new NotificationContent(NotificationEvent.ConfirmationCode, "Confirmation code", null, null, [], model, payload);
    }

    /// <summary>
    /// The answer to a sign-up, for the one address that asked: a link to confirm, or, when it is already
    /// subscribed (<paramref name="confirmUrl"/> null), a reminder; the preferences link is added per recipient.
    /// </summary>
    public static NotificationContent ForSubscription(PageInfo page, string? confirmUrl, DateTime? confirmBy, string following)
    {
        var url = confirmUrl ?? page.Url;
        var model = Base(NotificationEvent.SubscriptionConfirmation, page, confirmUrl is null ? "You are already subscribed" : "Confirm your subscription", url, url);
        model["subscription"] = new Dictionary<string, object?>
        {
            ["confirm_url"] = confirmUrl,
            ["confirm_by"] = confirmBy is { } by ? UtcText.Format(by) : null,
            ["already_active"] = confirmUrl is null,
            ["following"] = following,
        };
        var payload = new JsonObject { ["page"] = new JsonObject { ["name"] = page.Name, ["url"] = page.Url } };
        return new NotificationContent(NotificationEvent.SubscriptionConfirmation, (string)model["title"]!, null, null, [], model, payload);
    }

    private static Dictionary<string, object?> Base(NotificationEvent notificationEvent, PageInfo page, string title, string url, string shortUrl) => new()
    {
        ["event"] = notificationEvent.ToWire(),
        ["title"] = title,
        ["url"] = url,
        ["short_url"] = shortUrl,
        ["page"] = new Dictionary<string, object?> { ["name"] = page.Name, ["url"] = page.Url },
    };

    private static JsonObject Meta(PageInfo page, OverallStatus overall) => new()
    {
        ["meta"] = new JsonObject { ["documentation"] = page.Link("/") },
        ["page"] = new JsonObject
        {
            ["name"] = page.Name,
            ["url"] = page.Url,
            ["status_indicator"] = overall.Indicator.ToWire(),
            ["status_description"] = overall.Description,
        },
    };

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public string WebhookJson() => WebhookPayload.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
