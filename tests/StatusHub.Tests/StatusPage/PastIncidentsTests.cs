using Bunit;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.StatusPage.Pages;

namespace StatusHub.Tests.StatusPage;

public class PastIncidentsTests : BunitContext
{
    private const string Author = "oncall@example.com";

    [Fact]
    public void AnIncidentOpenForThreeDaysIsListedUnderEachOfThemAsItsUptimeCellsSay()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        store.Time.Advance(TimeSpan.FromDays(5));
        var started = store.Now.Date.AddDays(-4).AddHours(22);
        var incident = store.Incidents.Open(
            new NewIncident("Mail queue backlog", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.", started,
                new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.PartialOutage })),
            Author);
        store.Incidents.Resolve(incident.Id, incident.Version, "Drained.", Author, started.AddDays(2));
        using var snapshots = store.Snapshots();

        var days = Render<Home>(p => p.Add(h => h.Snapshot, snapshots.Current)).FindAll(".past-day");
        var cells = Render<UptimeBar>(p => p.Add(b => b.Component, store.Components.Get(api.Id)).Add(b => b.History, snapshots.Current.Uptime[api.Id])).FindAll(".uptime-bar .day");

        // Newest first: today, yesterday, then the three days it was open (Nov 24 22:00 – Nov 26 22:00), then before it.
        Assert.Equal(
            [false, false, true, true, true, false],
            days.Take(6).Select(d => d.QuerySelector(".past-incident h4 a")?.TextContent == "Mail queue backlog"));
        Assert.Equal(
            [false, true, true, true, false, false],
            cells.TakeLast(6).Select(c => c.GetAttribute("title")!.Contains("Incidents: Mail queue backlog", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnIncidentResolvedAtMidnightIsNotListedUnderTheNextDay()
    {
        using var store = new TestStore();
        store.Time.Advance(TimeSpan.FromDays(2));
        var midnight = store.Now.Date;
        var incident = store.Incidents.Open(new NewIncident("Late glitch", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.", midnight.AddHours(-1))), Author);
        store.Incidents.Resolve(incident.Id, incident.Version, "Fixed.", Author, midnight);
        using var snapshots = store.Snapshots();

        var days = snapshots.Current.PastIncidentsByDay().Take(2).Select(d => d.Incidents.Count);

        Assert.Equal([0, 1], days);
    }
}
