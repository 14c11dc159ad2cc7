using Microsoft.Extensions.Logging.Abstractions;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Postmortems;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.Tests.Postmortems;

public class PostmortemTimelineTests : IDisposable
{
    private readonly TestStore _store = new();
    private readonly PostmortemService _postmortems;

    public PostmortemTimelineTests() => _postmortems = _store.Postmortems();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void MergesUpdatesOtherStatusChangesAndStaffEventsOldestFirst()
    {
        var db = _store.Component("Database");
        var incident = _store.Incidents.Open(new NewIncident("Database down", null, new UpdateDraft(IncidentStatus.Investigating, "Errors.", _store.Now.AddHours(-3),
            new Dictionary<string, ComponentStatus> { [db.Id] = ComponentStatus.MajorOutage })), "oncall@example.com");
        _store.Time.Advance(TimeSpan.FromHours(1));
        _store.Components.Update(_store.Components.Get(db.Id) with { Status = ComponentStatus.PartialOutage }, "oncall@example.com");
        _store.Time.Advance(TimeSpan.FromHours(1));
        incident = _store.Incidents.Resolve(incident.Id, incident.Version, "Back.", "oncall@example.com");
        var started = _postmortems.Start(incident.Id, "short", PostmortemApp.Editor);
        var saved = _postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with
        {
            Events =
            [
                new TimelineEvent(Ids.New(), TestStore.Start.UtcDateTime.AddHours(-4), "Disk alert fired; nobody was paged.", IsPublic: false),
                new TimelineEvent(Ids.New(), TestStore.Start.UtcDateTime.AddHours(-2), "Replica taken offline.", IsPublic: true),
            ],
        }, PostmortemApp.Editor);

        var timeline = _postmortems.StaffTimeline(saved);

        Assert.Equal(
            [
                (TimelineEntryKind.Event, "", "Disk alert fired; nobody was paged.", false),
                (TimelineEntryKind.Update, "Investigating", "Errors.", true),
                (TimelineEntryKind.Event, "", "Replica taken offline.", true),
                (TimelineEntryKind.StatusChange, "Status set by staff", "", true),
                (TimelineEntryKind.Update, "Resolved", "Back.", true),
            ],
            timeline.Select(e => (e.Kind, e.Label, e.Text, e.IsPublic)));
        Assert.Equal([new ComponentStatusNote("Database", ComponentStatus.MajorOutage)], timeline[1].Components);
        Assert.Equal([new ComponentStatusNote("Database", ComponentStatus.PartialOutage)], timeline[3].Components);
        Assert.Equal([new ComponentStatusNote("Database", ComponentStatus.Operational)], timeline[4].Components);
    }

    [Fact]
    public void ShowsAMaintenanceWindowThatMovedAnAffectedComponent()
    {
        var db = _store.Component("Database");
        var incident = _store.Incidents.Open(new NewIncident("Database slow", null, new UpdateDraft(IncidentStatus.Investigating, "Slow.", null,
            new Dictionary<string, ComponentStatus> { [db.Id] = ComponentStatus.DegradedPerformance })), "oncall@example.com");
        var maintenance = _store.Maintenance.Schedule(new MaintenanceDraft("Emergency patch", "Patching.", _store.Now.AddMinutes(10), _store.Now.AddMinutes(40), [db.Id]), "oncall@example.com");
        _store.Time.Advance(TimeSpan.FromMinutes(15));
        _store.Maintenance.AdvanceAll();
        _store.Time.Advance(TimeSpan.FromMinutes(30));
        _store.Maintenance.AdvanceAll();
        incident = _store.Incidents.Get(incident.Id);
        incident = _store.Incidents.Resolve(incident.Id, incident.Version, "Fast again.", "oncall@example.com");

        var timeline = _postmortems.StaffTimeline(_postmortems.Start(incident.Id, "short", PostmortemApp.Editor));

        Assert.Equal(["Investigating", "Maintenance", "Maintenance", "Resolved"], timeline.Select(e => e.Label));
        Assert.Equal(ComponentStatus.UnderMaintenance, timeline[1].Components.Single().Status);
        Assert.Equal(maintenance.StartsAt, timeline[1].At);
    }

    [Fact]
    public void ThePublicCopyLeavesOutInternalEventsAndItemsAndOwners()
    {
        var incident = _store.ResolvedIncident();
        var started = _postmortems.Start(incident.Id, "short", PostmortemApp.Editor);
        var saved = _postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with
        {
            Events = [new TimelineEvent(Ids.New(), _store.Now.AddHours(-3), "SECRET: the on-call phone was off.", IsPublic: false)],
            ActionItems =
            [
                new ActionItem(Ids.New(), "Alert when a disk is 80 % full.", "Dana", _store.Now.Date.AddDays(7), ActionItemStatus.Open, IsPublic: true),
                new ActionItem(Ids.New(), "SECRET: review the on-call rota.", "Sam", null, ActionItemStatus.Open, IsPublic: false),
            ],
        }, PostmortemApp.Editor);

        var copy = _postmortems.Preview(saved);

        Assert.DoesNotContain(copy.Timeline, e => e.Text.Contains("SECRET", StringComparison.Ordinal) || !e.IsPublic);
        Assert.Equal([new PublicActionItem("Alert when a disk is 80 % full.", ActionItemStatus.Open)], copy.ActionItems);
    }

    [Fact]
    public void NoChannelsRenderedMessageOrTheLetterCarriesAnInternalEvent()
    {
        var incident = _store.ResolvedIncident(_store.Component("Mail"));
        var started = _postmortems.Start(incident.Id, "short", PostmortemApp.Editor);
        var saved = _postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with
        {
            ShortStory = "A full disk delayed mail.",
            DataLoss = "None.",
            Events = [new TimelineEvent(Ids.New(), _store.Now.AddHours(-1), "SECRET event.", IsPublic: false)],
            ActionItems = [new ActionItem(Ids.New(), "SECRET item.", "Sam", null, ActionItemStatus.Open, IsPublic: false)],
        }, PostmortemApp.Editor);
        var copy = _postmortems.Preview(saved);
        var renderer = new MessageRenderer(new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), NullLogger<TemplateLibrary>.Instance));
        var page = new PageInfo("Acme", "https://status.example.com");
        var notice = PostmortemNotice.For(copy, page, OverallStatus.Operational, id => id);
        var letter = CustomerLetterNotice.For(copy, page, null, null, null);

        var rendered = ChannelNames.All.Select(channel => renderer.Render(channel, notice))
            .Append(renderer.Render(ChannelNames.Email, letter))
            .ToList();

        Assert.All(rendered, m => Assert.DoesNotContain("SECRET", m.Text + m.Subject + m.Html));
        Assert.Contains("A full disk delayed mail.", rendered[0].Text);
    }
}
