using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Probes;
using StatusHub.Storage;
using StatusHub.StatusComponents;
using StatusHub.Upstream;

namespace StatusHub.Tests.Staff.Pages;

/// <summary>The audit log names automatic writers in one scheme, system:&lt;source&gt;, and the page sets them apart from people.</summary>
public sealed class AuditPageTests : BunitContext
{
    private readonly TestStore _store = new();

    public AuditPageTests() => Services.AddSingleton(_store.Get<AuditLog>());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _store.Dispose();
        }
    }

    [Fact]
    public async Task ProbesUpstreamPagesAndAlertReceiversAreNamedSystemWithWhichOne()
    {
        var mail = _store.Component("Outbound mail");
        var relay = _store.Component("Relay");
        var webmail = _store.Component("Webmail");
        var at = TestStore.Start.UtcDateTime;
        foreach (var listener in _store.Get<IEnumerable<IProbeStateListener>>())
        {
            await listener.OnChangedAsync(new ProbeStateChange("p1", "Mail in and out", [mail.Id], Failing: true, at, "Mail did not arrive"), Xunit.TestContext.Current.CancellationToken);
        }

        foreach (var listener in _store.Get<IEnumerable<IUpstreamChangeListener>>())
        {
            listener.OnUpstreamChanged(new UpstreamChange(relay.Id, relay.Name, ComponentStatus.Operational, ComponentStatus.MajorOutage, "Relay Provider", at, "status.relay.example"));
        }

        _store.Get<IncidentSuggestions>().Suggest("alertmanager", "alertmanager:x", [webmail.Id], IncidentImpact.Minor, "Webmail slow", "Looking into it.", "");

        var actors = Audited().Where(e => e.Action == "incident.draft_suggested").Select(e => e.Actor).Order().ToList();
        Assert.Equal(["system:alertmanager", "system:probe:Mail in and out", "system:upstream:status.relay.example"], actors);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999")]
    [InlineData("-1")]
    public async Task APageNumberThatIsNoPageShowsTheNewestEntriesInsteadOfAnError(string page)
    {
        await using var app = new StatusHubApp();
        using var client = await app.CreateSignedInClientAsync(StatusHub.Staff.StaffRoles.Admin);

        using var response = await client.GetAsync($"/admin/audit?page={page}", Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("staff.signed-in", await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken));
    }

    [Fact]
    public void TheAuditPageMarksWhatStatusHubDidByItselfApartFromPeopleIncludingOlderEntries()
    {
        var webmail = _store.Component("Webmail");
        _store.Get<IncidentSuggestions>().Suggest("alertmanager", "alertmanager:x", [webmail.Id], IncidentImpact.Minor, "Webmail slow", "Looking into it.", "");
        _store.Store.Write(scope => scope.Audit(TestStore.Start.UtcDateTime, "alerts:probe", "incident.draft_suggested", "draft:old"), affectsStatusPage: false);

        var page = Render<StatusHub.Staff.Pages.Audit>();

        var rows = page.FindAll("tbody tr").Select(row => (Actor: row.Children[1], Subject: row.Children[3].TextContent)).ToList();
        var person = Assert.Single(rows, r => r.Subject.StartsWith("component:", StringComparison.Ordinal) && r.Actor.TextContent.Contains("tester@example.com", StringComparison.Ordinal));
        Assert.Empty(person.Actor.QuerySelectorAll(".actor-system"));
        var system = rows.Where(r => r.Actor.QuerySelector(".actor-system") is not null).Select(r => r.Actor.TextContent.Trim()).Order().ToList();
        Assert.Equal(["⚙ alerts:probe", "⚙ system:alertmanager"], system);
    }

    [Theory]
    [InlineData("admin/audit?who=system", new[] { "draft:1" })]
    [InlineData("admin/audit?who=alice", new[] { "incident:abc", "incident:abd" })]
    [InlineData("admin/audit?what=incident.", new[] { "draft:1", "incident:abc", "incident:abd" })]
    [InlineData("admin/audit?subject=incident:", new[] { "incident:abc", "incident:abd" })]
    [InlineData("admin/audit?subject=incident:abd", new[] { "incident:abd" })]
    [InlineData("admin/audit?who=alice&what=incident.resolved", new[] { "incident:abd" })]
    [InlineData("admin/audit?who=nobody", new string[0])]
    public void NarrowsByWhoWhatAndSubjectEachByHowItStarts(string address, string[] subjects)
    {
        foreach (var (actor, action, subject) in new[]
        {
            ("alice@example.com", "incident.opened", "incident:abc"),
            ("alice@example.com", "incident.resolved", "incident:abd"),
            ("bob@example.com", "component.updated", "component:relay"),
            ("system:alertmanager", "incident.draft_suggested", "draft:1"),
        })
        {
            _store.Store.Write(scope => scope.Audit(TestStore.Start.UtcDateTime, actor, action, subject), affectsStatusPage: false);
        }

        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(address);
        var page = Render<StatusHub.Staff.Pages.Audit>();

        Assert.Equal(subjects, page.FindAll("tbody tr").Select(row => row.Children[3].TextContent).Order());
        if (subjects.Length == 0)
        {
            Assert.Contains("No entries match this filter.", page.Markup, StringComparison.Ordinal);
        }
    }

    private List<AuditEntry> Audited() => [.. _store.Store.Collection<AuditEntry>().FindAll()];
}
