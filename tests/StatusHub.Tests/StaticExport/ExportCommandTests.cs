using System.Text.Json;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StaticExport;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.StaticExport;

/// <summary><c>export &lt;folder&gt;</c> run as an operator runs it: the built app in its own process, on a data folder the test filled.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private const string Author = "oncall@example.com";

    private readonly TempFolder _data = new();
    private readonly TempFolder _out = new();

    private string Site => Path.Combine(_out.Path, "site");

    [Fact]
    public async Task WritesTheStatusPageEveryIncidentEveryMaintenanceAndEveryHistoryPage()
    {
        var (live, resolved, old, maintenance) = Seed();

        var (exit, output, error) = await ExportAsync(Site);

        Assert.True(exit == 0, error);
        Assert.Contains($"to {Site}", output);
        var home = ExportedSite.Read(Site, "index.html");
        Assert.Contains("Checkout is down", home);
        Assert.Contains("Major Service Outage", home);
        Assert.Contains("Snapshot generated", home);
        Assert.Contains("this copy is served without StatusHub", home);
        foreach (var incident in new[] { live, resolved, old })
        {
            Assert.Contains(incident.Title, ExportedSite.Read(Site, $"incidents/{incident.Id}/index.html"));
        }

        Assert.Contains("Database upgrade", ExportedSite.Read(Site, $"maintenance/{maintenance.Id}/index.html"));
        Assert.Contains("Incident history", ExportedSite.Read(Site, "history/index.html"));
        Assert.Contains("Login errors in spring", ExportedSite.Read(Site, "history/3/index.html"));
        Assert.False(File.Exists(Path.Combine(Site, "history/4/index.html")));
        foreach (var asset in new[] { "css/site.css", "js/status.js", "favicon.svg" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "wwwroot", asset)), File.ReadAllBytes(Path.Combine(Site, asset)));
        }

        using var liveJson = JsonDocument.Parse(ExportedSite.Read(Site, "status/live.json"));
        Assert.Equal("critical", liveJson.RootElement.GetProperty("status").GetProperty("indicator").GetString());
        Assert.Contains($"data-version=\"{liveJson.RootElement.GetProperty("version").GetString()}\"", home);
    }

    [Fact]
    public async Task WritesTheCopyInThePagesLanguage()
    {
        Seed();

        var (exit, _, error) = await StatusHubProcess.RunCommandAsync(_data.Path, "export", Site, "--StatusPage:Language", "fr");

        Assert.True(exit == 0, error);
        var home = System.Net.WebUtility.HtmlDecode(ExportedSite.Read(Site, "index.html"));
        Assert.Contains("<html lang=\"fr\">", home);
        Assert.Contains("Panne majeure du service", home);
        Assert.Contains("Copie générée le", home);
        Assert.Contains("Checkout is down", home);
        Assert.Contains("Historique des incidents", System.Net.WebUtility.HtmlDecode(ExportedSite.Read(Site, "history/index.html")));
        Assert.Contains("\"lang\":\"fr\"", ExportedSite.Read(Site, "widget.js"));
    }

    [Fact]
    public async Task EveryLinkInTheCopyLeadsToAFileInsideIt()
    {
        var (live, _, old, maintenance) = Seed();

        await ExportAsync(Site);

        Assert.Empty(ExportedSite.BrokenLinks(Site));
        var home = ExportedSite.Read(Site, "index.html");
        Assert.Contains($"href=\"incidents/{live.Id}/index.html\"", home);
        Assert.Contains($"href=\"maintenance/{maintenance.Id}/index.html\"", home);
        var incident = ExportedSite.Read(Site, $"incidents/{old.Id}/index.html");
        Assert.Contains("href=\"../../history/index.html\"", incident);
        Assert.Contains("href=\"../../css/site.css\"", incident);
        Assert.Contains("href=\"../2/index.html\"", ExportedSite.Read(Site, "history/3/index.html"));
        var notFound = ExportedSite.Read(Site, "404.html");
        Assert.Contains("Page not found", notFound);
        Assert.Contains("href=\"/css/site.css\"", notFound);
        Assert.Contains("href=\"/index.html\"", notFound);
        // Sign-ups need the live app; with no StatusPage:PublicUrl to send readers to, the copy has no such link.
        Assert.DoesNotContain("subscribe", home, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheShortLinksTextsAndWebhooksCarryLeadToTheirPagesInTheCopy()
    {
        var (live, _, _, maintenance) = Seed();
        var page = new PageInfo("Shop", "https://status.example.com");
        var none = OverallStatus.Compute([], []);
        var incidentLink = new Uri(IncidentNotice.For(NotificationEvent.IncidentCreated, live, live.Timeline.First(), page, none, id => id).ShortUrl);
        var maintenanceLink = new Uri(MaintenanceNotice.For(NotificationEvent.MaintenanceScheduled, maintenance, page, none, id => id).ShortUrl);

        await ExportAsync(Site);

        var incident = ExportedSite.Read(Site, incidentLink.AbsolutePath.TrimStart('/') + "/index.html");
        Assert.Contains("<h1 id=\"incident-title\" class=\"impact-text-critical\">Checkout is down</h1>", incident);
        Assert.Contains("href=\"../../history/index.html\"", incident);
        Assert.Contains("Database upgrade", ExportedSite.Read(Site, maintenanceLink.AbsolutePath.TrimStart('/') + "/index.html"));
        Assert.Empty(ExportedSite.BrokenLinks(Site));
    }

    [Fact]
    public async Task ReplacesAnEarlierExportAndLeavesNothingBeside()
    {
        Seed();
        await ExportAsync(Site);
        using (var store = new TestStore(_data.Path, DateTimeOffset.UtcNow))
        {
            store.Incidents.Open(new NewIncident("Search is slow", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Author);
        }

        var (exit, _, error) = await ExportAsync(Site);

        Assert.True(exit == 0, error);
        Assert.Contains("Search is slow", ExportedSite.Read(Site, "index.html"));
        Assert.Equal(["site"], Directory.GetFileSystemEntries(_out.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ExportsTextKeptBeforeControlCharactersWereRefusedAndEveryFeedAndBadgeInItParses()
    {
        StatusComponent web;
        using (var store = new TestStore(_data.Path, DateTimeOffset.UtcNow))
        {
            // Straight into the store, as an older StatusHub let it in.
            web = store.Store.Write(scope => scope.Insert(new StatusComponent { Id = "web", Name = "\u001b[31mWeb\u001b[0m", CreatedAt = store.Now, UpdatedAt = store.Now }));
            store.Store.Write(scope => scope.Insert(new Incident
            {
                Id = "pasted",
                Title = "Mail\u0007 delayed\uffff",
                ComponentIds = [web.Id],
                Updates = [new IncidentUpdate { Id = "first", Body = "Log: \u001b[1mERROR\u001b[0m\u0000", Author = Author, PostedAt = store.Now, DisplayAt = store.Now }],
                CreatedAt = store.Now,
                UpdatedAt = store.Now,
            }));
        }

        var (exit, _, error) = await ExportAsync(Site);

        Assert.True(exit == 0, error);
        foreach (var file in new[] { "history.rss", "history.atom", "badge.svg", "components/web/history.rss", "components/web/history.atom", "components/web/badge.svg" })
        {
            var text = ExportedSite.Read(Site, file);
            System.Xml.Linq.XDocument.Parse(text);
            Assert.DoesNotContain('\u001b', text);
        }

        Assert.Contains("Mail delayed", ExportedSite.Read(Site, "history.rss"));
    }

    [Theory]
    [InlineData("data", "is the data folder (Storage:DataDirectory)")]
    [InlineData("parent", "contains the data folder")]
    [InlineData("file", "is a file")]
    [InlineData("foreign", "is neither empty nor an earlier StatusHub export")]
    public async Task RefusesAFolderItMustNotReplaceWithExitCodeTwoAndTouchesNothing(string kind, string reason)
    {
        Seed();
        var file = Path.Combine(_out.Path, "notes.txt");
        File.WriteAllText(file, "keep me");
        var target = kind switch
        {
            "data" => _data.Path,
            "parent" => Path.GetDirectoryName(_data.Path)!,
            "file" => file,
            _ => _out.Path,
        };
        var data = Listing(_data.Path);
        var outside = Listing(_out.Path);

        var (exit, output, error) = await ExportAsync(target);

        Assert.Equal(ExportCommand.Refused, exit);
        Assert.Contains("Nothing was exported", error);
        Assert.Contains(reason, error);
        Assert.Empty(output);
        // Starting the app may add its keys folder to the data folder; nothing may go.
        Assert.Subset(Listing(_data.Path).ToHashSet(), data.ToHashSet());
        Assert.Equal(outside, Listing(_out.Path));
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public async Task RefusesADataFolderReachedThroughALink()
    {
        Seed();
        var link = Path.Combine(_out.Path, "looks-harmless");
        Directory.CreateSymbolicLink(link, _data.Path);

        var (exit, _, error) = await ExportAsync(link);

        Assert.Equal(ExportCommand.Refused, exit);
        Assert.Contains("is the data folder", error);
        Assert.True(File.Exists(Path.Combine(_data.Path, "statushub.db")));
    }

    [Fact]
    public async Task ExplainsItsUsageGivenNoFolder()
    {
        var (exit, _, error) = await StatusHubProcess.RunCommandAsync(_data.Path, "export");

        Assert.Equal(ExportCommand.Refused, exit);
        Assert.Contains("export <folder>", error);
    }

    public void Dispose()
    {
        _data.Dispose();
        _out.Dispose();
    }

    private Task<(int Exit, string Output, string Error)> ExportAsync(string target) => StatusHubProcess.RunCommandAsync(_data.Path, "export", target);

    private static string[] Listing(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    /// <summary>A live incident, a resolved one, one from six months back (the third history page) and upcoming maintenance.</summary>
    private (Incident Live, Incident Resolved, Incident Old, ScheduledMaintenance Maintenance) Seed()
    {
        // The app runs on the real clock, so the content is placed around now.
        using var store = new TestStore(_data.Path, DateTimeOffset.UtcNow);
        var api = store.Component("Checkout API");
        var live = store.Incidents.Open(new NewIncident("Checkout is down", IncidentImpact.Critical, new UpdateDraft(IncidentStatus.Investigating, "Payments fail.", null,
            new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage })), Author);
        var resolved = store.Incidents.Open(new NewIncident("Slow search", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Author);
        resolved = store.Incidents.Resolve(resolved.Id, resolved.Version, "Fixed.", Author);
        var old = store.Incidents.Open(new NewIncident("Login errors in spring", IncidentImpact.Major,
            new UpdateDraft(IncidentStatus.Investigating, "Looking.", store.Now.AddMonths(-7))), Author);
        var maintenance = store.Maintenance.Schedule(new MaintenanceDraft("Database upgrade", null, store.Now.AddDays(1), store.Now.AddDays(1).AddHours(2), [api.Id]), Author);
        return (live, resolved, old, maintenance);
    }
}
