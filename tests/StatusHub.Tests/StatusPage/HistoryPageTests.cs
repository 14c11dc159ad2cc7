using System.Globalization;
using Bunit;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusPage.Pages;

namespace StatusHub.Tests.StatusPage;

public class HistoryPageTests : BunitContext
{
    private const string Author = "oncall@example.com";

    [Fact]
    public void GroupsThreeMonthsAPageAcrossAYearBoundary()
    {
        using var store = new TestStore();
        Open(store, "October outage", new DateTime(2025, 10, 5, 9, 0, 0, DateTimeKind.Utc));
        Open(store, "December outage", new DateTime(2025, 12, 20, 9, 0, 0, DateTimeKind.Utc));
        Open(store, "New Year outage", new DateTime(2026, 1, 1, 0, 30, 0, DateTimeKind.Utc));
        Open(store, "Late January outage", new DateTime(2026, 1, 31, 23, 0, 0, DateTimeKind.Utc));

        var page = RenderPage(store, 4);

        Assert.Equal(["February 2026", "January 2026", "December 2025"], page.FindAll(".history-month h2").Select(h => h.TextContent));
        var months = page.FindAll(".history-month");
        Assert.Equal("No incidents reported for this month.", months[0].QuerySelector("p")!.TextContent);
        Assert.Equal(["Late January outage", "New Year outage"], months[1].QuerySelectorAll(".history-entry > a").Select(a => a.TextContent));
        Assert.Equal(["December outage"], months[2].QuerySelectorAll(".history-entry > a").Select(a => a.TextContent));
        Assert.Equal("/history?page=3", page.Find("a[rel=prev]").GetAttribute("href"));
        Assert.Equal("/history?page=5", page.Find("a[rel=next]").GetAttribute("href"));
    }

    [Fact]
    public void StartsWithTheCurrentMonthAndEndsAtTheOldestEntry()
    {
        using var store = new TestStore();
        Open(store, "October outage", new DateTime(2025, 10, 5, 9, 0, 0, DateTimeKind.Utc));

        var first = RenderPage(store, 1);
        var last = RenderPage(store, 5);

        Assert.Equal(["November 2026", "October 2026", "September 2026"], first.FindAll(".history-month h2").Select(h => h.TextContent));
        Assert.Empty(first.FindAll("a[rel=prev]"));
        Assert.Equal(["November 2025", "October 2025", "September 2025"], last.FindAll(".history-month h2").Select(h => h.TextContent));
        Assert.Empty(last.FindAll("a[rel=next]"));
        Assert.Equal("/history?page=4", last.Find("a[rel=prev]").GetAttribute("href"));
    }

    [Fact]
    public void OffersAWayBackFromPastTheLastPage()
    {
        using var store = new TestStore();
        Open(store, "October outage", new DateTime(2025, 10, 5, 9, 0, 0, DateTimeKind.Utc));

        var page = RenderPage(store, 9);

        Assert.Empty(page.FindAll(".history-month"));
        Assert.Contains("There is no history this far back.", page.Markup);
        Assert.Equal(["/history?page=5", "/history"], page.FindAll(".pager a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void ListsMaintenanceOnceItsWindowHasOpened()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        store.Maintenance.Schedule(new MaintenanceDraft("Database upgrade", null, store.Now.AddHours(1), store.Now.AddHours(2), [api.Id]), Author);
        store.Maintenance.Schedule(new MaintenanceDraft("Next week's upgrade", null, store.Now.AddDays(7), store.Now.AddDays(7).AddHours(1), [api.Id]), Author);
        store.Time.Advance(TimeSpan.FromHours(3));
        store.Maintenance.AdvanceAll();

        var entry = RenderPage(store, 1).Find(".history-entry");

        Assert.Equal("Database upgrade", entry.QuerySelector("a")!.TextContent);
        Assert.Equal("Maintenance", entry.QuerySelector(".badge")!.TextContent);
        Assert.Single(RenderPage(store, 1).FindAll(".history-entry"));
    }

    [Fact]
    public void LeavesOutMaintenanceCancelledBeforeItsWindowOpened()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        var called = store.Maintenance.Schedule(new MaintenanceDraft("Called-off upgrade", null, store.Now.AddHours(1), store.Now.AddHours(2), [api.Id]), Author);
        store.Maintenance.Cancel(called.Id, called.Version, Author);
        store.Time.Advance(TimeSpan.FromHours(3));
        store.Maintenance.AdvanceAll();

        var page = RenderPage(store, 1);

        Assert.Empty(page.FindAll(".history-entry"));
        Assert.Equal("No incidents reported for this month.", page.Find(".history-month p").TextContent);
    }

    [Fact]
    public void EndsMaintenanceCancelledUnderWayWhenItWasCancelled()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        var started = store.Maintenance.Schedule(new MaintenanceDraft("Relay swap", null, store.Now.AddHours(1), store.Now.AddHours(5), [api.Id]), Author);
        store.Time.Advance(TimeSpan.FromHours(2));
        store.Maintenance.AdvanceAll();
        var cancelledAt = store.Now;
        store.Maintenance.Cancel(started.Id, store.Maintenance.Get(started.Id).Version, Author);
        store.Time.Advance(TimeSpan.FromHours(5));

        var times = RenderPage(store, 1).Find(".history-entry").QuerySelectorAll("time").Select(t => t.GetAttribute("datetime"));

        Assert.Equal([started.StartsAt, cancelledAt], times.Select(t => DateTime.Parse(t!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)));
    }

    private static void Open(TestStore store, string title, DateTime at) =>
        store.Incidents.Open(new NewIncident(title, IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.", at)), Author);

    private IRenderedComponent<HistoryPage> RenderPage(TestStore store, int number)
    {
        using var snapshots = store.Snapshots();
        return Render<HistoryPage>(p => p.Add(x => x.Snapshot, snapshots.Current).Add(x => x.Page, number));
    }
}
