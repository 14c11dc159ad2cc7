using Bunit;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.StatusPage;

public class UptimeBarTests : BunitContext
{
    private const string Author = "oncall@example.com";

    [Fact]
    public void ColoursYesterdaysOutageAndNamesItsIncident()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        store.Time.Advance(TimeSpan.FromDays(2));
        var yesterday = store.Now.Date.AddDays(-1);
        var incident = store.Incidents.Open(
            new NewIncident("Elevated API errors", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.", yesterday.AddHours(10),
                new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage })),
            Author);
        store.Incidents.Resolve(incident.Id, incident.Version, "Fixed.", Author, yesterday.AddHours(11));

        var cells = RenderBar(store, api).FindAll(".uptime-bar .day");

        Assert.Equal(90, cells.Count);
        Assert.Contains("day-major_outage", cells[^2].ClassList);
        Assert.Contains("day-operational", cells[^1].ClassList);
        var title = cells[^2].GetAttribute("title")!;
        Assert.StartsWith("Nov 24, 2026: ", title);
        Assert.Contains("Major outage 1 hour.", title);
        Assert.Contains("Incidents: Elevated API errors", title);
        Assert.Equal("Nov 24, 2026: Major outage", cells[^2].QuerySelector(".visually-hidden")!.TextContent);
    }

    [Fact]
    public void ShowsNoDataForDaysBeforeTheComponentExisted()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        store.Time.Advance(TimeSpan.FromDays(9));

        var cells = RenderBar(store, api).FindAll(".uptime-bar .day");

        Assert.Equal(80, cells.Count(c => c.ClassList.Contains("day-nodata")));
        Assert.All(cells.Take(80), c => Assert.EndsWith(": No data", c.GetAttribute("title")));
        Assert.All(cells.Skip(80), c => Assert.Contains("day-operational", c.ClassList));
    }

    [Fact]
    public void SummarisesUptimeWithPartialOutagesWeighedAtThirtyPercent()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        store.Time.Advance(TimeSpan.FromDays(1));
        var incident = store.Incidents.Open(
            new NewIncident("Slow API", null, new UpdateDraft(IncidentStatus.Investigating, "Partly down.", null,
                new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.PartialOutage })),
            Author);
        store.Time.Advance(TimeSpan.FromHours(10));
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "Fully down.", null,
            new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage }), Author);
        store.Time.Advance(TimeSpan.FromHours(1));
        store.Incidents.Resolve(incident.Id, incident.Version, "Back.", Author);
        store.Time.SetUtcNow(TestStore.Start.AddDays(10));

        var bar = RenderBar(store, api);

        // 252 hours observed (the day it was added counts from midnight); down 10 h × 0.3 + 1 h = 4 h → 98.412… %, shown cut to 98.41 %.
        Assert.Equal("API: 98.41 % uptime over 90 days", bar.Find(".uptime-bar").GetAttribute("aria-label"));
        Assert.Equal("img", bar.Find(".uptime-bar").GetAttribute("role"));
        Assert.Equal("98.41 % uptime", bar.Find(".uptime-percent").TextContent);
    }

    private IRenderedComponent<UptimeBar> RenderBar(TestStore store, StatusComponent component)
    {
        using var snapshots = store.Snapshots();
        var snapshot = snapshots.Current;
        return Render<UptimeBar>(p => p
            .Add(b => b.Component, snapshot.ComponentsById[component.Id])
            .Add(b => b.History, snapshot.Uptime[component.Id]));
    }
}
