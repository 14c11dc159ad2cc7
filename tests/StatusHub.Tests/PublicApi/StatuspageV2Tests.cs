using System.Text.Json;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.PublicApi;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.PublicApi;

public class StatuspageV2Tests
{
    private const string Actor = "oncall@example.com";
    private static readonly StatusPageOptions Options = new() { Name = "Acme", PublicUrl = "https://status.example.com/" };

    [Fact]
    public void WritesTimesAsStatuspageDoesForAPageInUtc()
    {
        var page = new V2Page("p", "Acme", "https://status.example.com", "Etc/UTC", new DateTime(2026, 11, 23, 20, 31, 9, 123, DateTimeKind.Utc).AddTicks(4567));

        var json = JsonSerializer.Serialize(page, StatuspageV2.JsonOptions);

        Assert.Equal("""{"id":"p","name":"Acme","url":"https://status.example.com","time_zone":"Etc/UTC","updated_at":"2026-11-23T20:31:09.123Z"}""", json);
    }

    [Fact]
    public void DescribesThePageByItsPublicUrl()
    {
        using var store = new TestStore();
        using var snapshots = store.Snapshots();

        var v2 = new StatuspageV2(snapshots.Current, Options);

        Assert.Equal("https://status.example.com", v2.Page.Url);
        Assert.Equal("Acme", v2.Page.Name);
        Assert.Matches("^[a-z0-9]{12}$", v2.Page.Id);
        Assert.Equal(v2.Page.Id, StatuspageV2.PageId(new StatusPageOptions { PublicUrl = "https://status.example.com" }));
        Assert.NotEqual(v2.Page.Id, StatuspageV2.PageId(new StatusPageOptions { PublicUrl = "https://status.example.org" }));
    }

    [Fact]
    public void ListsEachGroupFollowedByItsComponentsCountingPositionsWithinTheGroup()
    {
        using var store = new TestStore();
        var group = store.Components.CreateGroup("Platform", null, Actor);
        var api = store.Component("API", group.Id);
        var website = store.Component("Website");
        var webhooks = store.Component("Webhooks", group.Id);
        using var snapshots = store.Snapshots();

        var components = new StatuspageV2(snapshots.Current, Options).Components;

        Assert.Equal(
            [("Website", 1, null), ("Platform", 2, null), ("API", 1, group.Id), ("Webhooks", 2, group.Id)],
            components.Select(c => (c.Name, c.Position, c.GroupId)));
        Assert.Equal([api.Id, webhooks.Id], components[1].Components);
        Assert.True(components[1].Group);
        Assert.All(components.Where(c => c.Id != group.Id), c => Assert.False(c.Group));
        Assert.Equal(website.Id, components[0].Id);
    }

    [Fact]
    public void GivesOnlyGroupsAComponentsField()
    {
        using var store = new TestStore();
        var group = store.Components.CreateGroup("Platform", null, Actor);
        store.Component("API", group.Id);
        using var snapshots = store.Snapshots();

        using var json = JsonDocument.Parse(StatuspageV2.ToJson(new StatuspageV2(snapshots.Current, Options).ComponentList()));

        var components = json.RootElement.GetProperty("components").EnumerateArray().ToList();
        Assert.True(components[0].TryGetProperty("components", out _));
        Assert.False(components[1].TryGetProperty("components", out _));
        Assert.Equal(JsonValueKind.Null, components[1].GetProperty("description").ValueKind);
    }

    [Fact]
    public void ShowsAGroupAtTheWorstStatusOfItsComponents()
    {
        using var store = new TestStore();
        var group = store.Components.CreateGroup("Platform", null, Actor);
        store.Component("API", group.Id);
        store.Components.Create(new ComponentDraft("Webhooks", null, group.Id), Actor, ComponentStatus.PartialOutage);
        using var snapshots = store.Snapshots();

        var v2 = new StatuspageV2(snapshots.Current, Options);

        Assert.Equal("partial_outage", v2.Component(group.Id)!.Status);
    }

    [Fact]
    public void TellsEachUpdateWhatTheIncidentsPreviousUpdateHadSet()
    {
        using var store = new TestStore();
        var group = store.Components.CreateGroup("Platform", null, Actor);
        var api = store.Component("API", group.Id);
        var incident = store.Incidents.Open(
            new NewIncident("Elevated API errors", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.", null, Statuses(api.Id, ComponentStatus.MajorOutage))), Actor);
        store.Time.Advance(TimeSpan.FromMinutes(5));
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "Found it.", null, Statuses(api.Id, ComponentStatus.DegradedPerformance)), Actor);
        store.Time.Advance(TimeSpan.FromMinutes(5));
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Monitoring, "Watching."), Actor);
        using var snapshots = store.Snapshots();

        var updates = new StatuspageV2(snapshots.Current, Options).Incident(incident).IncidentUpdates;

        Assert.Equal(["monitoring", "identified", "investigating"], updates.Select(u => u.Status));
        Assert.Null(updates[0].AffectedComponents);
        Assert.Equal([new V2AffectedComponent(api.Id, "Platform - API", "major_outage", "degraded_performance")], updates[1].AffectedComponents!);
        Assert.Equal([new V2AffectedComponent(api.Id, "Platform - API", "operational", "major_outage")], updates[2].AffectedComponents!);
    }

    [Fact]
    public void DatesAnIncidentsStagesFromItsUpdates()
    {
        using var store = new TestStore();
        var api = store.Component();
        var backdated = store.Now.AddHours(-1);
        var incident = store.Incidents.Open(
            new NewIncident("Elevated API errors", null, new UpdateDraft(IncidentStatus.Investigating, "Alerted at 11:00.", backdated, Statuses(api.Id, ComponentStatus.PartialOutage))), Actor);
        store.Time.Advance(TimeSpan.FromMinutes(10));
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Monitoring, "Watching."), Actor);
        var monitoringAt = store.Now;
        store.Time.Advance(TimeSpan.FromMinutes(10));
        incident = store.Incidents.Resolve(incident.Id, incident.Version, "Fixed.", Actor);
        using var snapshots = store.Snapshots();

        var v2 = new StatuspageV2(snapshots.Current, Options).Incident(incident);

        Assert.Equal(backdated, v2.StartedAt);
        Assert.Equal(monitoringAt, v2.MonitoringAt);
        Assert.Equal(store.Now, v2.ResolvedAt);
        Assert.Equal("resolved", v2.Status);
        Assert.Equal("major", v2.Impact);
        Assert.Equal($"https://status.example.com/incidents/{incident.Id}", v2.Shortlink);
        Assert.Equal([api.Id], v2.Components.Select(c => c.Id));
    }

    [Fact]
    public void KeepsUpdateBodiesAsTheMarkdownStaffWrote()
    {
        using var store = new TestStore();
        const string body = "We are **looking** into it. <b>Really</b> & [details](https://example.com)";
        var incident = store.Incidents.Open(new NewIncident("Errors", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, body)), Actor);
        using var snapshots = store.Snapshots();

        var v2 = new StatuspageV2(snapshots.Current, Options).Incident(incident);

        Assert.Equal(body, v2.IncidentUpdates.Single().Body);
    }

    [Fact]
    public void AnswersTheFiftyMostRecentIncidentsNewestFirst()
    {
        using var store = new TestStore();
        for (var i = 1; i <= 55; i++)
        {
            var incident = store.Incidents.Open(new NewIncident($"Incident {i}", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Actor);
            store.Incidents.Resolve(incident.Id, incident.Version, "Fixed.", Actor);
            store.Time.Advance(TimeSpan.FromMinutes(1));
        }

        store.Incidents.Open(new NewIncident("Still open", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Actor);
        using var snapshots = store.Snapshots();
        var v2 = new StatuspageV2(snapshots.Current, Options);

        var recent = v2.RecentIncidents().Incidents;
        var unresolved = v2.UnresolvedIncidents().Incidents;

        Assert.Equal(StatuspageV2.RecentLimit, recent.Count);
        Assert.Equal(["Still open", "Incident 55", "Incident 54"], recent.Take(3).Select(i => i.Name));
        Assert.Equal("Incident 7", recent[^1].Name);
        Assert.Equal(["Still open"], unresolved.Select(i => i.Name));
        Assert.Equal(["Still open"], v2.Summary().Incidents.Select(i => i.Name));
    }

    [Fact]
    public void SortsMaintenanceIntoUpcomingActiveAndRecentLeavingCancelledOut()
    {
        using var store = new TestStore();
        var api = store.Component();
        var running = store.Maintenance.Schedule(new MaintenanceDraft("Network work", "", store.Now.AddMinutes(-1), store.Now.AddHours(1), [api.Id]), Actor);
        var next = store.Maintenance.Schedule(new MaintenanceDraft("Disk swap", "New disks.", store.Now.AddDays(1), store.Now.AddDays(1).AddHours(1), [api.Id]), Actor);
        var dropped = store.Maintenance.Schedule(new MaintenanceDraft("Dropped", "", store.Now.AddDays(2), store.Now.AddDays(2).AddHours(1), [api.Id]), Actor);
        store.Maintenance.Cancel(dropped.Id, dropped.Version, Actor);
        using var snapshots = store.Snapshots();
        var v2 = new StatuspageV2(snapshots.Current, Options);

        Assert.Equal([(running.Id, "in_progress")], v2.ActiveMaintenances().ScheduledMaintenances.Select(m => (m.Id, m.Status)));
        Assert.Equal([(next.Id, "scheduled")], v2.UpcomingMaintenances().ScheduledMaintenances.Select(m => (m.Id, m.Status)));
        Assert.Equal([next.Id, running.Id], v2.RecentMaintenances().ScheduledMaintenances.Select(m => m.Id));
        Assert.Equal([running.Id, next.Id], v2.Summary().ScheduledMaintenances.Select(m => m.Id));
    }

    [Fact]
    public void TellsAMaintenancesStoryAsStatuspageUpdates()
    {
        using var store = new TestStore();
        var api = store.Component();
        store.Components.Update(api with { Status = ComponentStatus.DegradedPerformance }, Actor);
        var maintenance = store.Maintenance.Schedule(new MaintenanceDraft("Disk swap", "", store.Now.AddMinutes(10), store.Now.AddMinutes(70), [api.Id]), Actor);
        store.Time.Advance(TimeSpan.FromMinutes(10));
        store.Maintenance.AdvanceAll();
        store.Time.Advance(TimeSpan.FromHours(1));
        store.Maintenance.AdvanceAll();
        using var snapshots = store.Snapshots();

        var v2 = new StatuspageV2(snapshots.Current, Options).Maintenance(store.Maintenance.Get(maintenance.Id));

        Assert.Equal("completed", v2.Status);
        Assert.Equal("maintenance", v2.Impact);
        Assert.Equal(maintenance.StartsAt, v2.ScheduledFor);
        Assert.Equal(maintenance.EndsAt, v2.ScheduledUntil);
        Assert.Equal(maintenance.EndsAt, v2.ResolvedAt);
        Assert.Equal(["completed", "in_progress", "scheduled"], v2.IncidentUpdates.Select(u => u.Status));
        Assert.Equal(StatuspageV2.DefaultMaintenanceBody, v2.IncidentUpdates[^1].Body);
        Assert.Equal(
            [("degraded_performance", "degraded_performance"), ("degraded_performance", "under_maintenance"), ("under_maintenance", "degraded_performance")],
            v2.IncidentUpdates.Reverse().Select(u => (u.AffectedComponents!.Single().OldStatus, u.AffectedComponents!.Single().NewStatus)));
    }

    [Fact]
    public void RollsUpThePageStatusAsThePageShowsIt()
    {
        using var store = new TestStore();
        store.Components.Create(new ComponentDraft("API", null, null), Actor, ComponentStatus.MajorOutage);
        using var snapshots = store.Snapshots();

        var status = new StatuspageV2(snapshots.Current, Options).PageStatus().Status;

        Assert.Equal(new V2Status("critical", "Major Service Outage"), status);
    }

    private static Dictionary<string, ComponentStatus> Statuses(string id, ComponentStatus status) => new() { [id] = status };
}
