using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Xml;
using StatusHub.Localization;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Markdown;
using StatusHub.Postmortems;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Text;

namespace StatusHub.Feeds;

/// <summary>One incident update, maintenance notice or published post-mortem as a feed entry. <see cref="Html"/> is already safe to show.</summary>
public sealed record FeedEntry(string Id, string Title, string Link, DateTime Published, DateTime Updated, string Html, IReadOnlyList<string> Categories);

/// <summary>
/// Incident and maintenance history as RSS 2.0 and Atom 1.0, each update its own entry, so a feed reader shows
/// "identified" and "resolved" as news rather than as silent edits of one item; a published post-mortem is an entry of
/// its own too, as it is a notice to subscribers.
/// </summary>
public static class HistoryFeed
{
    public const int MaxEntries = 100;

    /// <summary>Escapes markup only; dashes and accents stay readable in the feed's source.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static byte[] Rss(StatusSnapshot snapshot, StatusPageOptions options, string selfPath, ComponentScope? scope = null) =>
        Write(Build(snapshot, options, selfPath, "application/rss+xml", scope), feed => new Rss20FeedFormatter(feed));

    public static byte[] Atom(StatusSnapshot snapshot, StatusPageOptions options, string selfPath, ComponentScope? scope = null) =>
        Write(Build(snapshot, options, selfPath, "application/atom+xml", scope), feed => new Atom10FeedFormatter(feed));

    /// <summary>
    /// Newest first; limited to those touching <paramref name="scope"/>'s components when one is given. Only the entries
    /// kept are rendered, so a long history costs a sort rather than thousands of Markdown renders.
    /// </summary>
    /// <param name="words">The page's language (English by default), for the words around staff-written text.</param>
    public static IReadOnlyList<FeedEntry> Entries(StatusSnapshot snapshot, string baseUrl, ComponentScope? scope = null, PublicText? words = null) =>
        Collect(snapshot, baseUrl, scope, words ?? PublicText.English);

    private static IReadOnlyList<FeedEntry> Collect(StatusSnapshot snapshot, string baseUrl, ComponentScope? scope, PublicText words) =>
        snapshot.Incidents
            .Where(incident => scope is null || scope.Touches(incident.ComponentIds))
            .SelectMany(incident => incident.Updates.Select(update => new Pending(update.DisplayAt, () => IncidentEntry(snapshot, baseUrl, incident, update, words))))
            .Concat(snapshot.Maintenances
                .Where(maintenance => scope is null || scope.Touches(maintenance.ComponentIds))
                .SelectMany(maintenance => MaintenanceEntries(snapshot, baseUrl, maintenance, words)))
            .Concat(snapshot.Postmortems
                .Where(postmortem => scope is null || scope.Touches(postmortem.ComponentIds))
                .Select(postmortem => new Pending(postmortem.FirstPublishedAt, () => PostmortemEntry(baseUrl, postmortem, words))))
            .OrderByDescending(pending => pending.Published)
            .Take(MaxEntries)
            .Select(pending => pending.Render())
            .ToList();

    private static SyndicationFeed Build(StatusSnapshot snapshot, StatusPageOptions options, string selfPath, string selfType, ComponentScope? scope)
    {
        var baseUrl = options.BaseUrl;
        var words = options.Words;
        var entries = Entries(snapshot, baseUrl, scope, words);
        var title = words.Format("Title.Page", options.Name);
        var feed = new SyndicationFeed(
            scope is null ? title : $"{title}: {scope.Name}",
            scope is null ? words.Format("Feed.Description", options.Name) : words.Format("Feed.ScopeDescription", scope.Name),
            new Uri(baseUrl + "/"),
            baseUrl + selfPath,
            // Built from the content alone (never the clock), so an unchanged history is unchanged bytes and a 304.
            entries.Count > 0 ? Utc(entries.Max(e => e.Updated)) : Utc(snapshot.UpdatedAt),
            entries.Select(Item));
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(baseUrl + selfPath), selfType));
        feed.Authors.Add(new SyndicationPerson { Name = options.Name, Uri = baseUrl + "/" });
        feed.Language = words.Language;
        feed.Generator = "StatusHub";
        return feed;
    }

    private static SyndicationItem Item(FeedEntry entry)
    {
        var item = new SyndicationItem(entry.Title, SyndicationContent.CreateHtmlContent(entry.Html), new Uri(entry.Link), entry.Id, Utc(entry.Updated))
        {
            PublishDate = Utc(entry.Published),
        };
        foreach (var category in entry.Categories)
        {
            item.Categories.Add(new SyndicationCategory(category));
        }

        return item;
    }

    private static FeedEntry IncidentEntry(StatusSnapshot snapshot, string baseUrl, Incident incident, IncidentUpdate update, PublicText words)
    {
        var html = new StringBuilder(MarkdownRenderer.ToHtml(update.Body));
        if (update.ComponentStatuses.Count > 0)
        {
            var changes = update.ComponentStatuses.Select(change => $"{snapshot.ComponentName(change.Key)}: {words.Label(change.Value)}");
            html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(string.Join(" · ", changes))}</p>");
        }

        var link = $"{baseUrl}/incidents/{incident.Id}#update-{update.Id}";
        return new FeedEntry(
            link,
            $"{incident.Title} – {words.Label(update.Status)}",
            link,
            update.DisplayAt,
            update.Revisions.Count > 0 ? update.Revisions[^1].EditedAt : update.PostedAt,
            html.ToString(),
            ["incident", incident.Impact.ToWire()]);
    }

    /// <summary>
    /// Published when it first was; a later publication of changes updates the entry rather than adding one, and so does
    /// the incident being reopened (or resolved again) since, which the entry then says above the short story.
    /// </summary>
    private static FeedEntry PostmortemEntry(string baseUrl, PublishedPostmortem postmortem, PublicText words)
    {
        var link = $"{baseUrl}/postmortems/{postmortem.Id}";
        var reopened = postmortem.Reopened;
        var changedAt = reopened?.ResolvedAgainAt ?? reopened?.At;
        return new FeedEntry(
            link,
            words.Format("Incident.Postmortem", postmortem.Title),
            link,
            postmortem.FirstPublishedAt,
            changedAt > postmortem.PublishedAt ? changedAt.Value : postmortem.PublishedAt,
            (reopened is null ? "" : $"<p>{Encode(words[PostmortemLabels.ReopenedNotice(reopened)])}</p>") + MarkdownRenderer.ToHtml(postmortem.ShortStory),
            ["postmortem", postmortem.IncidentImpact.ToWire()]);
    }

    private static IEnumerable<Pending> MaintenanceEntries(StatusSnapshot snapshot, string baseUrl, ScheduledMaintenance maintenance, PublicText words)
    {
        var page = $"{baseUrl}/maintenance/{maintenance.Id}";
        yield return new Pending(maintenance.CreatedAt, () => new FeedEntry(
            page + "#scheduled",
            $"{maintenance.Title} – {words.Label(MaintenanceStatus.Scheduled)}",
            page,
            maintenance.CreatedAt,
            // The window and the description stay editable until the work starts.
            maintenance.Status == MaintenanceStatus.Scheduled ? maintenance.UpdatedAt : maintenance.CreatedAt,
            $"<p>{Encode(words.Format("Feed.MaintenanceWindow", words.DateTime(maintenance.StartsAt), words.DateTime(maintenance.EndsAt), snapshot.ComponentNames(maintenance.ComponentIds)))}</p>"
                + MarkdownRenderer.ToHtml(maintenance.Body),
            ["maintenance"]));
        foreach (var update in maintenance.Updates)
        {
            yield return new Pending(update.PostedAt, () => new FeedEntry(
                $"{page}#update-{update.Id}",
                $"{maintenance.Title} – {words.Label(update.Status)}",
                page,
                update.PostedAt,
                update.PostedAt,
                MarkdownRenderer.ToHtml(words.Body(update)),
                ["maintenance"]));
        }
    }

    private static byte[] Write(SyndicationFeed feed, Func<SyndicationFeed, SyndicationFeedFormatter> formatter)
    {
        using var output = new MemoryStream();
        using (var writer = CleanXmlWriter.Open(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            formatter(feed).WriteTo(writer);
        }

        return output.ToArray();
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static string Encode(string text) => Html.Encode(text);

    /// <summary>An entry known by its date, rendered only if it makes the cut.</summary>
    private sealed record Pending(DateTime Published, Func<FeedEntry> Render);
}
