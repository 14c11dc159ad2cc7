using Bunit;
using StatusHub.Incidents;
using StatusHub.StatusPage.Pages;

namespace StatusHub.Tests.StatusPage;

public class IncidentTimelineTests : BunitContext
{
    private const string Author = "oncall@example.com";

    [Fact]
    public void ShowsUpdatesNewestFirstWithBackDatedOnesPlacedByTheirTime()
    {
        using var store = new TestStore();
        var at0200 = store.Now.AddHours(-10);
        var incident = store.Incidents.Open(new NewIncident("Mail backlog", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Alert fired.", at0200)), Author);
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Monitoring, "Backlog draining."), Author);
        store.Time.Advance(TimeSpan.FromHours(1));
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "Server taken offline.", at0200.AddHours(4)), Author);

        var page = RenderPage(store, incident.Id);

        Assert.Equal(["Monitoring", "Identified", "Investigating"], page.FindAll(".update-status").Select(e => e.TextContent));
        Assert.Equal(["Backlog draining.", "Server taken offline.", "Alert fired."], page.FindAll(".update-body").Select(e => e.TextContent.Trim()));
        Assert.Equal(
            ["2026-11-23T12:00:00Z", "2026-11-23T06:00:00Z", "2026-11-23T02:00:00Z"],
            page.FindAll(".update .meta time").Select(e => e.GetAttribute("datetime")));
        Assert.Contains("Ongoing since", page.Find(".duration").TextContent);
    }

    [Fact]
    public void ShowsHowLongAResolvedIncidentLasted()
    {
        using var store = new TestStore();
        var incident = store.Incidents.Open(new NewIncident("Mail backlog", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Alert fired.", store.Now.AddHours(-10))), Author);
        incident = store.Incidents.Resolve(incident.Id, incident.Version, "All mail delivered.", Author);

        var page = RenderPage(store, incident.Id);

        Assert.StartsWith("This incident lasted 10 hours", page.Find(".duration").TextContent);
        Assert.Equal("Resolved", page.FindAll(".update-status")[0].TextContent);
        Assert.Equal("Major impact", page.Find(".summary .badge").TextContent);
    }

    [Fact]
    public void MarksACorrectedUpdateAsEdited()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        var incident = store.Incidents.Open(new NewIncident("API errors", null, new UpdateDraft(IncidentStatus.Investigating, "Lookign into it."), [api.Id]), Author);
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "Found it."), Author);
        var typo = incident.Updates[0];
        store.Time.Advance(TimeSpan.FromMinutes(5));
        store.Incidents.EditUpdate(incident.Id, incident.Version, typo.Id, "Looking into it.", null, Author);

        var page = RenderPage(store, incident.Id);

        Assert.Null(page.Find($"#update-{incident.Updates[1].Id}").QuerySelector(".edited"));
        var corrected = page.Find($"#update-{typo.Id}");
        Assert.Equal("Looking into it.", corrected.QuerySelector(".update-body")!.TextContent.Trim());
        Assert.Equal("2026-11-23T12:05:00Z", corrected.QuerySelector(".edited time")!.GetAttribute("datetime"));
        Assert.Equal("This incident affected: API.", page.Find(".affected").TextContent);
    }

    private IRenderedComponent<IncidentPage> RenderPage(TestStore store, string incidentId)
    {
        using var snapshots = store.Snapshots();
        var snapshot = snapshots.Current;
        return Render<IncidentPage>(p => p
            .Add(x => x.Snapshot, snapshot)
            .Add(x => x.Incident, snapshot.IncidentsById[incidentId]));
    }
}
