using System.ServiceModel.Syndication;
using System.Xml;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Feeds;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Tests.PublicApi;

namespace StatusHub.Tests.Feeds;

/// <summary>The feeds read back with System.ServiceModel.Syndication, as a feed reader would read them.</summary>
public class HistoryFeedTests(SeededStatusHub site) : IClassFixture<SeededStatusHub>
{
    [Theory]
    [InlineData("/history.rss")]
    [InlineData("/history.atom")]
    public async Task ListsEveryIncidentUpdateAndMaintenanceNoticeAsItsOwnEntry(string path)
    {
        var feed = await LoadAsync(path);

        var titles = feed.Items.Select(i => i.Title.Text).ToList();
        Assert.Equal(
            ["Elevated API errors – Monitoring", "Elevated API errors – Identified", "Elevated API errors – Investigating"],
            titles.Where(t => t.StartsWith("Elevated API errors", StringComparison.Ordinal)));
        Assert.Equal(
            ["Webhook deliveries stopped – Resolved", "Webhook deliveries stopped – Investigating"],
            titles.Where(t => t.StartsWith("Webhook deliveries stopped", StringComparison.Ordinal)));
        Assert.Contains("Storage migration – Scheduled", titles);
        Assert.Contains("Network maintenance – In progress", titles);
        Assert.Contains("Database upgrade – Completed", titles);
        Assert.Equal(titles.Count, feed.Items.Select(i => i.Id).Distinct().Count());
        Assert.Equal(feed.Items.OrderByDescending(i => i.PublishDate).Select(i => i.Id), feed.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task LinksEachIncidentUpdateToItsPlaceOnTheIncidentPage()
    {
        var feed = await LoadAsync("/history.atom");
        var update = site.Open.Updates.Single(u => u.Status == IncidentStatus.Identified);

        var entry = feed.Items.Single(i => i.Title.Text == "Elevated API errors – Identified");

        Assert.Equal(new Uri($"http://localhost:5000/incidents/{site.Open.Id}#update-{update.Id}"), entry.Links.Single().Uri);
        Assert.Equal(update.DisplayAt, entry.PublishDate.UtcDateTime, TimeSpan.FromSeconds(1));
        Assert.Equal(["incident", "major"], entry.Categories.Select(c => c.Name));
        Assert.Equal("http://localhost:5000/history.atom", feed.Id);
        Assert.Equal(new Uri("http://localhost:5000/history.atom"), feed.Links.Single(l => l.RelationshipType == "self").Uri);
    }

    [Fact]
    public async Task ShowsUpdatesAsTheSafeHtmlOfThePage()
    {
        var feed = await LoadAsync("/history.rss");

        var first = feed.Items.Single(i => i.Title.Text == "Elevated API errors – Investigating");
        var identified = feed.Items.Single(i => i.Title.Text == "Elevated API errors – Identified");

        Assert.Contains("<strong>looking</strong>", Html(first));
        Assert.Contains("API: Partial outage", Html(first));
        Assert.Contains("API: Degraded performance", Html(identified));
    }

    [Fact]
    public async Task KeepsAFeedToWhatTouchesTheComponentOrGroup()
    {
        var website = await LoadAsync($"/components/{site.Website.Id}/history.atom");
        var platform = await LoadAsync($"/components/{site.Platform.Id}/history.rss");
        var webhooks = await LoadAsync($"/components/{site.Webhooks.Id}/history.rss");

        Assert.Equal("StatusHub status: Website", website.Title.Text);
        Assert.Equal(
            ["Database upgrade", "Storage migration"],
            website.Items.Select(i => i.Title.Text.Split(" – ")[0]).Distinct().Order());
        Assert.Equal(
            ["Elevated API errors", "Network maintenance", "Storage migration", "Webhook deliveries stopped"],
            platform.Items.Select(i => i.Title.Text.Split(" – ")[0]).Distinct().Order());
        Assert.Equal(
            ["Network maintenance", "Webhook deliveries stopped"],
            webhooks.Items.Select(i => i.Title.Text.Split(" – ")[0]).Distinct().Order());
    }

    [Fact]
    public async Task NeverPassesOnMarkupOrScriptLinksStaffTyped()
    {
        using var factory = new StatusHubApp();
        var api = factory.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("API", null, null), "tester@example.com");
        factory.Services.GetRequiredService<IncidentService>().Open(
            new NewIncident("<img src=x onerror=alert(1)>", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating,
                "<script>alert(1)</script> see [this](javascript:alert(2))", null, new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.DegradedPerformance })),
            "tester@example.com");
        using var client = factory.CreateClient();

        foreach (var path in new[] { "/history.rss", "/history.atom" })
        {
            var feed = Load(await client.GetStreamAsync(path, TestContext.Current.CancellationToken));
            var entry = feed.Items.Single();
            Assert.Equal("<img src=x onerror=alert(1)> – Investigating", entry.Title.Text);
            Assert.DoesNotContain("<script", Html(entry), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;", Html(entry));
            Assert.DoesNotContain("javascript:", Html(entry), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void KeepsTheNewestEntriesOfALongHistory()
    {
        using var store = new TestStore();
        for (var i = 1; i <= 60; i++)
        {
            var incident = store.Incidents.Open(new NewIncident($"Incident {i}", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "tester@example.com");
            store.Time.Advance(TimeSpan.FromMinutes(1));
            store.Incidents.Resolve(incident.Id, incident.Version, "Fixed.", "tester@example.com");
            store.Time.Advance(TimeSpan.FromMinutes(1));
        }

        using var snapshots = store.Snapshots();

        var entries = HistoryFeed.Entries(snapshots.Current, "https://status.example.com");

        Assert.Equal(HistoryFeed.MaxEntries, entries.Count);
        Assert.Equal(["Incident 60 – Resolved", "Incident 60 – Investigating", "Incident 59 – Resolved"], entries.Take(3).Select(e => e.Title));
        Assert.Equal("Incident 11 – Investigating", entries[^1].Title);
    }

    [Fact]
    public async Task EveryPublicPageNamesItsFeedsForReadersToFind()
    {
        using var client = site.Factory.CreateClient();

        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        var alternates = new HtmlParser().ParseDocument(home).QuerySelectorAll("head link[rel=alternate]")
            .Select(link => (link.GetAttribute("type"), link.GetAttribute("href"), link.GetAttribute("title")));
        Assert.Equal(
            [("application/rss+xml", "/history.rss", "StatusHub status (RSS)"), ("application/atom+xml", "/history.atom", "StatusHub status (Atom)")],
            alternates);
    }

    private async Task<SyndicationFeed> LoadAsync(string path)
    {
        using var client = site.Factory.CreateClient();
        return Load(await client.GetStreamAsync(path, TestContext.Current.CancellationToken));
    }

    private static SyndicationFeed Load(Stream stream)
    {
        using var reader = XmlReader.Create(stream);
        return SyndicationFeed.Load(reader);
    }

    private static string Html(SyndicationItem item) =>
        item.Content is TextSyndicationContent content ? content.Text : item.Summary.Text;
}
