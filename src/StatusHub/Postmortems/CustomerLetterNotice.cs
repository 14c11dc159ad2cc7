using System.Text.Json.Nodes;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Markdown;
using static StatusHub.Channels.Outbox.NotificationContent;

namespace StatusHub.Postmortems;

/// <summary>
/// A customer letter about a published post-mortem (its public copy only): the short story, the data-loss statement,
/// what changes, and where to follow future incidents.
/// </summary>
public static class CustomerLetterNotice
{
    /// <param name="note">What staff add on top.</param>
    public static NotificationContent For(PublishedPostmortem postmortem, PageInfo page, string? note, string? telegramChannelUrl, string? telegramGroupUrl)
    {
        var url = page.Link($"/postmortems/{postmortem.Id}");
        var model = BaseModel(NotificationEvent.CustomerLetter, page, postmortem.Title, url, page.Link($"/p/{postmortem.Id}"));
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
                .Select(a => new Dictionary<string, object?> { ["description"] = a.Description, ["status"] = LocalText.Word($"action.{a.Status.ToWire()}") })
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
}
