using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.Incidents.Templates;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Incidents.Templates;

public class IncidentTemplateServiceTests
{
    private const string Author = "oncall@example.com";

    private static IncidentTemplateDraft Draft(string name = "Mail queue stuck", string title = "Outgoing mail delayed", string body = "Mail is queued and will go out.") =>
        new(name, title, IncidentImpact.Minor, IncidentStatus.Investigating, body, [new TemplateComponent("SMTP relay", ComponentStatus.DegradedPerformance)], [ChannelNames.Email]);

    [Fact]
    public void SavesEditsAndDeletesATemplateAuditingEachWriteAndBumpingTheVersion()
    {
        using var store = new TestStore();
        var templates = store.Get<IncidentTemplateService>();

        var created = templates.Create(Draft(), Author);
        store.Time.Advance(TimeSpan.FromMinutes(1));
        var edited = templates.Edit(created.Id, created.Version, Draft(title: "Outbound mail delayed"), Author);
        store.Time.Advance(TimeSpan.FromMinutes(1));
        templates.Delete(edited.Id, edited.Version, Author);

        Assert.Equal((1, 2), (created.Version, edited.Version));
        Assert.Equal("Outbound mail delayed", edited.Title);
        Assert.Equal([new TemplateComponent("SMTP relay", ComponentStatus.DegradedPerformance)], edited.Components);
        Assert.Equal([ChannelNames.Email], edited.Channels);
        Assert.Null(templates.Find(created.Id));
        var audit = store.Get<AuditLog>().Page(0, $"incident_template:{created.Id}");
        Assert.Equal(["incident_template.deleted", "incident_template.edited", "incident_template.created"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(Author, a.Actor));
        Assert.Contains("Outbound mail delayed", audit[1].Details);
    }

    [Fact]
    public void AnEditOrDeleteFromAStaleVersionIsAConflictAndChangesNothing()
    {
        using var store = new TestStore();
        var templates = store.Get<IncidentTemplateService>();
        var created = templates.Create(Draft(), Author);
        templates.Edit(created.Id, created.Version, Draft(title: "Theirs"), "colleague@example.com");

        Assert.Throws<ConcurrencyConflictException>(() => templates.Edit(created.Id, created.Version, Draft(title: "Mine"), Author));
        Assert.Throws<ConcurrencyConflictException>(() => templates.Delete(created.Id, created.Version, Author));

        Assert.Equal("Theirs", templates.Get(created.Id).Title);
        Assert.Equal(2, store.Get<AuditLog>().Page(0, $"incident_template:{created.Id}").Count);
    }

    [Fact]
    public void TitleAndBodyFollowTheIncidentsOwnTextRulesAndLimits()
    {
        using var store = new TestStore();
        var templates = store.Get<IncidentTemplateService>();

        Assert.Contains("Title", Assert.Throws<ValidationException>(() => templates.Create(Draft(title: "Bell\u0007"), Author)).Message);
        Assert.Contains("too long", Assert.Throws<ValidationException>(() => templates.Create(Draft(title: new string('x', Incident.MaxTitleLength + 1)), Author)).Message);
        Assert.Contains("too long", Assert.Throws<ValidationException>(() => templates.Create(Draft(body: new string('x', IncidentUpdate.MaxBodyLength + 1)), Author)).Message);
        Assert.Contains("Template name is required", Assert.Throws<ValidationException>(() => templates.Create(Draft(name: " "), Author)).Message);
        Assert.Contains("not a channel", Assert.Throws<ValidationException>(() => templates.Create(Draft() with { Channels = ["pigeon"] }, Author)).Message);
        Assert.Contains("investigating, identified or monitoring", Assert.Throws<ValidationException>(() => templates.Create(Draft() with { Status = IncidentStatus.Resolved }, Author)).Message);
        Assert.Empty(store.Store.Collection<IncidentTemplate>().FindAll());
        Assert.DoesNotContain(store.Get<AuditLog>().Page(0), a => a.Action.StartsWith("incident_template.", StringComparison.Ordinal));

        var saved = templates.Create(Draft(body: "Queued\u0007 mail\r\ngoes out."), Author);
        Assert.Equal("Queued mail\ngoes out.", saved.Body);
    }

    [Fact]
    public void RefusesASecondTemplateWithTheSameNameIgnoringCase()
    {
        using var store = new TestStore();
        var templates = store.Get<IncidentTemplateService>();
        templates.Create(Draft(), Author);

        var error = Assert.Throws<ValidationException>(() => templates.Create(Draft(name: "MAIL QUEUE STUCK"), Author));

        Assert.Contains("already exists", error.Message);
    }

    [Fact]
    public void StartingMatchesComponentsByNameIgnoringCaseAndReportsTheUnknownOnes()
    {
        using var store = new TestStore();
        var smtp = store.Component("SMTP Relay");
        var templates = store.Get<IncidentTemplateService>();
        var template = templates.Create(Draft() with { Components = [new("smtp relay", ComponentStatus.PartialOutage), new("Fax gateway", ComponentStatus.MajorOutage)] }, Author);

        var start = templates.Start(template, store.Components.All());

        Assert.Equal(new Dictionary<string, ComponentStatus> { [smtp.Id] = ComponentStatus.PartialOutage }, start.Incident.FirstUpdate.ComponentStatuses);
        Assert.Equal(["Fax gateway"], start.UnknownComponents);
        Assert.Equal(("Outgoing mail delayed", IncidentImpact.Minor, IncidentStatus.Investigating), (start.Incident.Title, start.Incident.Impact, start.Incident.FirstUpdate.Status));
        Assert.Equal([ChannelNames.Email], start.Publish.Channels);
    }
}
