using Bunit;
using StatusHub.Maintenance;
using StatusHub.StatusPage.Pages;

namespace StatusHub.Tests.StatusPage;

public class MaintenanceListingTests : BunitContext
{
    private const string Author = "oncall@example.com";

    [Fact]
    public void ListsActiveThenUpcomingMaintenanceWithWindowComponentsAndDescription()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        var smtp = store.Component("SMTP relay");
        var start = store.Now;
        store.Maintenance.Schedule(new MaintenanceDraft("Failover test", "Mail *may* be delayed.", start.AddDays(2), start.AddDays(2).AddHours(1), [smtp.Id]), Author);
        store.Maintenance.Schedule(new MaintenanceDraft("Database upgrade", "Short write pauses.", start.AddHours(1), start.AddHours(3), [api.Id, smtp.Id]), Author);
        store.Time.Advance(TimeSpan.FromHours(2));
        store.Maintenance.AdvanceAll();
        using var snapshots = store.Snapshots();

        var home = Render<Home>(p => p.Add(h => h.Snapshot, snapshots.Current));

        var cards = home.FindAll("article.impact-maintenance");
        Assert.Equal(["Database upgrade", "Failover test"], cards.Select(c => c.QuerySelector("h2")!.TextContent));
        Assert.Equal("Maintenance in progress", cards[0].QuerySelector(".badge")!.TextContent);
        Assert.Equal("Scheduled maintenance", cards[1].QuerySelector(".badge")!.TextContent);
        Assert.Equal(["2026-11-23T13:00:00Z", "2026-11-23T15:00:00Z"], cards[0].QuerySelectorAll("time").Select(t => t.GetAttribute("datetime")));
        Assert.Equal("Affects: API, SMTP relay", cards[0].QuerySelector(".affected")!.TextContent);
        cards[1].QuerySelector(".update-body")!.MarkupMatches("""<div class="update-body"><p>Mail <em>may</em> be delayed.</p></div>""");
        Assert.Equal("Service Under Maintenance", home.Find("h1").TextContent);
    }

    [Fact]
    public void ShowsAMaintenancePageWithItsUpdatesNewestFirst()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        var maintenance = store.Maintenance.Schedule(new MaintenanceDraft("Database upgrade", "Short write pauses.", store.Now.AddHours(1), store.Now.AddHours(3), [api.Id]), Author);
        store.Time.Advance(TimeSpan.FromHours(2));
        store.Maintenance.AdvanceAll();
        store.Time.Advance(TimeSpan.FromHours(2));
        store.Maintenance.AdvanceAll();
        using var snapshots = store.Snapshots();

        var page = Render<MaintenancePage>(p => p
            .Add(x => x.Snapshot, snapshots.Current)
            .Add(x => x.Maintenance, snapshots.Current.MaintenancesById[maintenance.Id]));

        Assert.Equal("Database upgrade", page.Find("h1").TextContent);
        Assert.Equal("Completed", page.Find(".incident-status").TextContent);
        Assert.Equal("Affects: API", page.Find(".affected").TextContent);
        Assert.Equal(["Completed", "In progress"], page.FindAll(".update-status").Select(e => e.TextContent));
        Assert.Equal(["2026-11-23T13:00:00Z", "2026-11-23T15:00:00Z"], page.FindAll(".window time").Select(t => t.GetAttribute("datetime")));
    }
}
