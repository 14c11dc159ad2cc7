using System.Text.Json.Nodes;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;
using StatusHub.Markdown;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using static StatusHub.Channels.Outbox.NotificationContent;

namespace StatusHub.Postmortems;

/// <summary>
/// A published post-mortem, built from its public copy only. It threads under the incident (same subject), and its
/// webhook is the incident with Statuspage's <c>postmortem</c> status and fields.
/// </summary>
public static class PostmortemNotice
{
    /// <summary>The notice of a published post-mortem, with the page's status as it stands in <paramref name="reader"/>.</summary>
    public static NotificationContent For(PublishedPostmortem postmortem, PageInfo page, IDocumentReader reader) =>
        For(postmortem, page, OverallStatus.Read(reader), KnownComponents.Names(reader));

    public static NotificationContent For(PublishedPostmortem postmortem, PageInfo page, OverallStatus overall, Func<string, string> componentName)
    {
        var url = page.Link($"/postmortems/{postmortem.Id}");
        var shortUrl = page.Link($"/p/{postmortem.Id}");
        var model = BaseModel(NotificationEvent.PostmortemPublished, page, postmortem.Title, url, shortUrl);
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
            ["published_at"] = LocalText.Moment(postmortem.PublishedAt, page.Zone),
            ["updated"] = postmortem.WasUpdated,
            ["components"] = postmortem.ComponentIds.Select(componentName).ToList(),
        };

        var payload = overall.WebhookMeta(page);
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
}
