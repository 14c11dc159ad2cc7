using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Postmortems;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;
using StatusHub.Tests.Postmortems;

namespace StatusHub.Tests.Text;

/// <summary>
/// The feature services, which staff pages, the management API, imports and the bot all call, hold text to
/// <see cref="StatusHub.Text.TextPolicy"/>: names and titles refused, bodies cleaned, nothing half saved.
/// </summary>
public sealed class ServicesCheckTextTests : IDisposable
{
    private const string Actor = "oncall@example.com";
    private const string Pasted = "\u001b[31mWeb\u001b[0m";
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void AComponentOrGroupNamedWithAControlCharacterIsRefusedAndNothingIsSaved()
    {
        var api = _store.Component("API");

        var created = Assert.Throws<ValidationException>(() => _store.Components.Create(new ComponentDraft(Pasted, null, null), Actor));
        var renamed = Assert.Throws<ValidationException>(() => _store.Components.Update(api with { Name = "API\u0000" }, Actor));
        var group = Assert.Throws<ValidationException>(() => _store.Components.CreateGroup("Mail\u202E", null, Actor));

        Assert.Equal("Component name holds a control character (U+001B at character 1), likely a pasted terminal colour code; remove it.", created.Message);
        Assert.Contains("U+0000", renamed.Message);
        Assert.Contains("text-direction override (U+202E", group.Message);
        Assert.Equal(["API"], _store.Components.All().Select(c => c.Name));
        Assert.Empty(_store.Components.Groups());
    }

    [Fact]
    public void AComponentNameThatShowsNothingIsRefused()
    {
        var refusal = Assert.Throws<ValidationException>(() => _store.Components.Create(new ComponentDraft("\u200B\u2060", null, null), Actor));

        Assert.StartsWith("Component name is required", refusal.Message);
    }

    [Fact]
    public void AnIncidentTitleIsRefusedButItsUpdateTextIsKeptWithoutTerminalCodes()
    {
        var refused = Assert.Throws<ValidationException>(() => _store.Incidents.Open(new NewIncident("Mail\uffff", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Actor));

        var opened = _store.Incidents.Open(new NewIncident("Mail\r\ndelayed", null, new UpdateDraft(IncidentStatus.Investigating, "Log:\r\n\u001b[1mERROR\u001b[0m queue\u0000 full")), Actor);
        var updated = _store.Incidents.PostUpdate(opened.Id, opened.Version, new UpdateDraft(IncidentStatus.Identified, "Found\u0007 it."), Actor);
        var edited = _store.Incidents.EditUpdate(opened.Id, updated.Version, opened.Updates[0].Id, "Corrected\ufffe.", null, Actor);

        Assert.Contains("U+FFFF", refused.Message);
        Assert.Equal("Mail delayed", opened.Title);
        Assert.Equal("Log:\nERROR queue full", opened.Updates[0].Body);
        Assert.Equal("Found it.", updated.Updates[^1].Body);
        Assert.Equal("Corrected.", edited.Updates[0].Body);
        Assert.Throws<ValidationException>(() => _store.Incidents.EditDetails(opened.Id, edited.Version, "\u001b", IncidentImpact.Minor, [], Actor));
    }

    [Fact]
    public void AMaintenanceTitleIsRefusedButItsDescriptionIsCleaned()
    {
        var starts = _store.Now.AddDays(1);
        var api = _store.Component("API");

        var refused = Assert.Throws<ValidationException>(() => _store.Maintenance.Schedule(new MaintenanceDraft("Disk\u0000 swap", null, starts, starts.AddHours(1), [api.Id]), Actor));
        var scheduled = _store.Maintenance.Schedule(new MaintenanceDraft("Disk swap", "New\u001b[0m disks\r\n", starts, starts.AddHours(1), [api.Id]), Actor);

        Assert.Contains("U+0000", refused.Message);
        Assert.Equal("New disks", scheduled.Body);
    }

    [Fact]
    public void APostmortemTitleIsRefusedAndItsTextsAreCleaned()
    {
        var postmortems = _store.Postmortems();
        var incident = _store.ResolvedIncident();
        var started = postmortems.Start(incident.Id, "short", PostmortemApp.Editor);

        var refused = Assert.Throws<ValidationException>(() => postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with { Title = "What\u0008 happened" }, PostmortemApp.Editor));
        var saved = postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with { ShortStory = "A disk\u0000 filled up.", Faq = [new FaqEntry("Lost?", "No\u001b[0m\u0007.")] }, PostmortemApp.Editor);

        Assert.StartsWith("Title holds a control character (U+0008", refused.Message);
        Assert.Equal(("A disk filled up.", "Lost?", "No."), (saved.ShortStory, saved.Faq[0].Question, saved.Faq[0].Answer));
    }

    [Fact]
    public void AnImportedAddressHoldingAControlCharacterOrADirectionOverrideIsRejectedWithItsRow()
    {
        var service = new SubscriberService(_store.Store, _store.Time, Options.Create(new SubscribersOptions()));
        var csv = "email\nann@example.com\nbob\u001b@example.com\ncarol\u202E@example.com\ndave\u0000@example.com\n";

        var report = new SubscriberImport(service, _store.Components).Import(new StringReader(csv), Actor);

        Assert.Equal(1, report.Added);
        Assert.Equal([(3, "not an email address"), (4, "not an email address"), (5, "not an email address")], report.Rejects.Select(r => (r.Row, r.Reason)));
        Assert.Equal(["ann@example.com"], _store.Store.Collection<Subscriber>().FindAll().Select(s => s.Address));
        Assert.Null(service.Find(ChannelNames.Email, "carol\u202E@example.com"));
    }
}
