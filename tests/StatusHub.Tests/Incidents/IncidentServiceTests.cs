using StatusHub.Audit;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Incidents;

public class IncidentServiceTests
{
    private const string Author = "oncall@example.com";

    [Fact]
    public void TellsAnOutageAsABackDatedTimelineAndResolvesIt()
    {
        using var store = new TestStore();
        var mail = store.Component("Mail delivery");
        var at0200 = store.Now.AddHours(-10);

        var incident = store.Incidents.Open(
            new NewIncident("Mail backlog", null, new UpdateDraft(IncidentStatus.Investigating, "Alert fired at 02:00.", at0200,
                new Dictionary<string, ComponentStatus> { [mail.Id] = ComponentStatus.MajorOutage })),
            Author);
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version,
            new UpdateDraft(IncidentStatus.Identified, "Server taken offline.", at0200.AddHours(4)), Author);
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version,
            new UpdateDraft(IncidentStatus.Monitoring, "Backlog draining.", at0200.AddHours(8),
                new Dictionary<string, ComponentStatus> { [mail.Id] = ComponentStatus.DegradedPerformance }), Author);
        incident = store.Incidents.Resolve(incident.Id, incident.Version, "All mail delivered.", Author);

        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        Assert.Equal(IncidentImpact.Critical, incident.Impact);
        Assert.Equal(at0200, incident.StartedAt);
        Assert.Equal(store.Now, incident.ResolvedAt);
        Assert.Equal(TimeSpan.FromHours(10), incident.Duration);
        Assert.Equal(["All mail delivered.", "Backlog draining.", "Server taken offline.", "Alert fired at 02:00."], incident.Timeline.Select(u => u.Body));
        Assert.Equal(ComponentStatus.Operational, store.Components.Get(mail.Id).Status);
    }

    [Fact]
    public void ABackDatedEntryTellsThePastWithoutOverwritingTheNewerComponentStatus()
    {
        using var store = new TestStore();
        var mail = store.Component("Outbound mail");
        var incident = store.Incidents.Open(new NewIncident("Mail delayed", null, Draft(IncidentStatus.Investigating, "Queues growing.", store.Now.AddMinutes(-30), mail.Id, ComponentStatus.PartialOutage)), Author);
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, Draft(IncidentStatus.Monitoring, "Flushed.", null, mail.Id, ComponentStatus.Operational), Author);

        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, Draft(IncidentStatus.Identified, "At 11:40 the relay was full.", store.Now.AddMinutes(-20), mail.Id, ComponentStatus.MajorOutage), Author);

        Assert.Equal(IncidentStatus.Monitoring, incident.Status);
        Assert.Equal(ComponentStatus.Operational, store.Components.Get(mail.Id).Status);
        var history = store.Store.Collection<ComponentStatusChange>().Find(h => h.ComponentId == mail.Id).Where(h => h.Source == $"incident:{incident.Id}").OrderBy(h => h.At).Select(h => h.Status);
        Assert.Equal([ComponentStatus.PartialOutage, ComponentStatus.MajorOutage, ComponentStatus.Operational], history);
    }

    [Fact]
    public void RefusesAResolutionDatedBeforeTheNewestEntryAndChangesNothing()
    {
        using var store = new TestStore();
        var mail = store.Component("Outbound mail");
        var incident = store.Incidents.Open(new NewIncident("Mail delayed", null, Draft(IncidentStatus.Investigating, "Queues growing.", store.Now.AddMinutes(-30), mail.Id, ComponentStatus.PartialOutage)), Author);
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Monitoring, "Flushing."), Author);
        var queued = store.Store.Collection<StatusHub.Channels.Outbox.Notification>().Count();

        var error = Assert.Throws<ValidationException>(() => store.Incidents.Resolve(incident.Id, incident.Version, "Done.", Author, store.Now.AddMinutes(-10)));
        var beforeStart = Assert.Throws<ValidationException>(() => store.Incidents.Resolve(incident.Id, incident.Version, "Done.", Author, store.Now.AddHours(-1)));

        Assert.StartsWith("A resolution must be the newest entry on the timeline", error.Message);
        Assert.StartsWith("A resolution must be the newest entry on the timeline", beforeStart.Message);
        Assert.Equal((IncidentStatus.Monitoring, 2, ComponentStatus.PartialOutage), (store.Incidents.Get(incident.Id).Status, store.Incidents.Get(incident.Id).Updates.Count, store.Components.Get(mail.Id).Status));
        Assert.Equal(queued, store.Store.Collection<StatusHub.Channels.Outbox.Notification>().Count());
    }

    [Fact]
    public void RefusesToMoveAnEntrySoThatTheIncidentsStatusWouldChange()
    {
        using var store = new TestStore();
        var incident = store.Incidents.Open(new NewIncident("Outage", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking", store.Now.AddMinutes(-30))), Author);
        incident = store.Incidents.Resolve(incident.Id, incident.Version, "Fixed", Author, store.Now.AddMinutes(-10));
        var resolution = incident.LatestUpdate!;

        var error = Assert.Throws<ValidationException>(() => store.Incidents.EditUpdate(incident.Id, incident.Version, resolution.Id, "Fixed", store.Now.AddMinutes(-40), Author));
        incident = store.Incidents.EditUpdate(incident.Id, incident.Version, resolution.Id, "Fixed at last", store.Now.AddMinutes(-5), Author);

        Assert.Contains("from resolved to investigating", error.Message);
        Assert.Equal((IncidentStatus.Resolved, store.Now.AddMinutes(-5)), (incident.Status, incident.ResolvedAt));
    }

    [Fact]
    public void RefusesAnUpdateDatedInTheFuture()
    {
        using var store = new TestStore();

        var error = Assert.Throws<ValidationException>(() => store.Incidents.Open(
            new NewIncident("Outage", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Soon", store.Now.AddMinutes(5))), Author));

        Assert.Contains("cannot describe the future", error.Message);
        Assert.Empty(store.Incidents.Recent());
    }

    [Fact]
    public void RefusesToResolveAResolvedIncident()
    {
        using var store = new TestStore();
        var incident = store.Incidents.Open(new NewIncident("Outage", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking")), Author);
        incident = store.Incidents.Resolve(incident.Id, incident.Version, "Fixed", Author);

        var error = Assert.Throws<ValidationException>(() => store.Incidents.Resolve(incident.Id, incident.Version, "Fixed again", Author));

        Assert.Equal("This incident is already resolved.", error.Message);
        Assert.Equal(2, store.Incidents.Get(incident.Id).Updates.Count);
    }

    [Theory]
    [InlineData("", "Title is required.")]
    [InlineData("   ", "Title is required.")]
    public void RefusesAnEmptyTitle(string title, string message)
    {
        using var store = new TestStore();

        var error = Assert.Throws<ValidationException>(() => store.Incidents.Open(new NewIncident(title, null, new UpdateDraft(IncidentStatus.Investigating, "x")), Author));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void RefusesAnOverLongTitle()
    {
        using var store = new TestStore();

        var error = Assert.Throws<ValidationException>(() => store.Incidents.Open(
            new NewIncident(new string('x', Incident.MaxTitleLength + 1), null, new UpdateDraft(IncidentStatus.Investigating, "x")), Author));

        Assert.Contains($"at most {Incident.MaxTitleLength}", error.Message);
    }

    [Fact]
    public void RefusesAnUnknownComponent()
    {
        using var store = new TestStore();

        var error = Assert.Throws<ValidationException>(() => store.Incidents.Open(
            new NewIncident("Outage", null, new UpdateDraft(IncidentStatus.Investigating, "x"), ["nosuchthing"]), Author));

        Assert.Equal("There is no component with id 'nosuchthing'.", error.Message);
    }

    [Fact]
    public void ACorrectionKeepsTheEarlierWording()
    {
        using var store = new TestStore();
        var incident = store.Incidents.Open(new NewIncident("Outage", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Teh servers are down")), Author);
        var update = incident.Updates[0];
        store.Time.Advance(TimeSpan.FromMinutes(3));

        incident = store.Incidents.EditUpdate(incident.Id, incident.Version, update.Id, "The servers are down", null, "editor@example.com");

        var corrected = Assert.Single(incident.Updates);
        Assert.Equal("The servers are down", corrected.Body);
        var revision = Assert.Single(corrected.Revisions);
        Assert.Equal("Teh servers are down", revision.Body);
        Assert.Equal("editor@example.com", revision.EditedBy);
    }

    [Fact]
    public void TwoEditorsPostingFromTheSameVersionConflict()
    {
        using var store = new TestStore();
        var seen = store.Incidents.Open(new NewIncident("Outage", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking")), Author);
        store.Incidents.PostUpdate(seen.Id, seen.Version, new UpdateDraft(IncidentStatus.Identified, "Found it"), "alice@example.com");

        Assert.Throws<ConcurrencyConflictException>(() =>
            store.Incidents.PostUpdate(seen.Id, seen.Version, new UpdateDraft(IncidentStatus.Identified, "Found it too"), "bob@example.com"));

        Assert.Equal(["Found it", "Looking"], store.Incidents.Get(seen.Id).Timeline.Select(u => u.Body));
    }

    [Fact]
    public void RenamingAnIncidentAndPostingAnUpdateInOneChangeSavesItOnceAndAuditsBoth()
    {
        using var store = new TestStore();
        var opened = store.Incidents.Open(new NewIncident("Outage", null, new UpdateDraft(IncidentStatus.Investigating, "Looking")), Author);

        var changed = store.Incidents.Change(opened.Id, opened.Version,
            new IncidentChange("Mail delayed", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Identified, "Found it")), Author);

        var stored = store.Incidents.Get(opened.Id);
        Assert.Equal((opened.Version + 1, "Mail delayed", IncidentImpact.Minor, IncidentStatus.Identified), (changed.Version, changed.Title, changed.Impact, changed.Status));
        Assert.Equal(changed.Version, stored.Version);
        Assert.Equal(["Found it", "Looking"], stored.Timeline.Select(u => u.Body));
        Assert.Equal(["incident.opened", "incident.edited", "incident.updated"],
            store.Store.Collection<AuditEntry>().FindAll().OrderBy(e => e.Id).Select(e => e.Action));
        Assert.Throws<ConcurrencyConflictException>(() => store.Incidents.Change(opened.Id, opened.Version,
            new IncidentChange("Stale", null, new UpdateDraft(IncidentStatus.Monitoring, "Stale")), Author));
        var after = store.Incidents.Get(opened.Id);
        Assert.Equal((stored.Version, "Mail delayed", 2), (after.Version, after.Title, after.Updates.Count));
    }

    [Fact]
    public void ImpactFollowsTheWorstComponentStatusUnlessChosen()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        var web = store.Component("Web");

        var incident = store.Incidents.Open(new NewIncident("Slow", null, new UpdateDraft(IncidentStatus.Investigating, "Slow", null,
            new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.DegradedPerformance, [web.Id] = ComponentStatus.PartialOutage })), Author);

        Assert.Equal(IncidentImpact.Major, incident.Impact);
        Assert.Equal(new[] { api.Id, web.Id }.Order(), incident.ComponentIds.Order());
    }

    private static UpdateDraft Draft(IncidentStatus status, string body, DateTime? at, string componentId, ComponentStatus componentStatus) =>
        new(status, body, at, new Dictionary<string, ComponentStatus> { [componentId] = componentStatus });
}
