using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Probes;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Probes;

public class ProbeDraftsTests
{
    [Fact]
    public async Task AFailingProbeSuggestsOneDraftForItsComponentsAndARecoverySuggestsResolvingIt()
    {
        using var store = new TestStore();
        var mail = store.Component("Outbound mail");
        var listeners = store.Get<IEnumerable<IProbeStateListener>>().ToList();
        var suggestions = store.Get<IncidentSuggestions>();
        var failing = new ProbeStateChange("p1", "Mail round-trip", [mail.Id, "deleted-component"], Failing: true, TestStore.Start.UtcDateTime, "Mail did not arrive within 10 min");

        foreach (var listener in listeners)
        {
            await listener.OnChangedAsync(failing, TestContext.Current.CancellationToken);
            await listener.OnChangedAsync(failing, TestContext.Current.CancellationToken);
        }

        var draft = Assert.Single(suggestions.Drafts());
        Assert.Equal([mail.Id], draft.ComponentIds);
        Assert.Equal(IncidentImpact.Minor, draft.Impact);
        Assert.Contains(ProbeDrafts.Fingerprint("p1"), draft.Fingerprints);
        Assert.Contains("Mail did not arrive within 10 min", draft.Details);
        Assert.Null(draft.ResolveSuggestedAt);
        Assert.Empty(store.Incidents.Unresolved());

        foreach (var listener in listeners)
        {
            await listener.OnChangedAsync(failing with { Failing = false }, TestContext.Current.CancellationToken);
        }

        Assert.NotNull(Assert.Single(suggestions.Drafts()).ResolveSuggestedAt);
    }

    [Fact]
    public async Task AProbeFailingForTheComponentsOfADismissedDraftStaysQuietWhileTheDraftIsMuted()
    {
        using var store = new TestStore();
        var mail = store.Component("Outbound mail");
        var suggestions = store.Get<IncidentSuggestions>();
        var dismissed = suggestions.Dismiss(suggestions.Suggest("alertmanager", "alertmanager:queue", [mail.Id], IncidentImpact.Major, "Mail queue growing", "Looking.", "").Id, "oncall@example.com");
        var failing = new ProbeStateChange("p1", "Mail round-trip", [mail.Id], Failing: true, TestStore.Start.UtcDateTime, "Mail did not arrive within 10 min");

        foreach (var listener in store.Get<IEnumerable<IProbeStateListener>>())
        {
            await listener.OnChangedAsync(failing, TestContext.Current.CancellationToken);
        }

        Assert.Empty(suggestions.Drafts());
        Assert.Equal(2, suggestions.Get(dismissed.Id).Count);

        store.Time.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
        foreach (var listener in store.Get<IEnumerable<IProbeStateListener>>())
        {
            await listener.OnChangedAsync(failing, TestContext.Current.CancellationToken);
        }

        Assert.Equal(ProbeDrafts.Fingerprint("p1"), Assert.Single(Assert.Single(suggestions.Drafts()).Fingerprints));
    }

    [Fact]
    public void AComponentDeletedJustBeforeTheDraftIsWrittenIsLeftOutAndTheDraftSaysSo()
    {
        using var store = new TestStore();
        var mail = store.Component("Outbound mail");
        var webmail = store.Component("Webmail");
        var suggestions = store.Get<IncidentSuggestions>();
        var failing = new ProbeStateChange("p1", "Mail round-trip", [mail.Id, webmail.Id], Failing: true, TestStore.Start.UtcDateTime, "Mail did not arrive within 10 min");
        // The probe read its components before staff deleted one; Suggest is where the write happens.
        store.Get<ComponentService>().Delete(webmail.Id, "staff@example.com");

        var draft = suggestions.Suggest(IncidentSuggestions.SourceName(ProbeDrafts.Source, failing.ProbeName), ProbeDrafts.Fingerprint("p1"), failing.ComponentIds, IncidentImpact.Minor, "Investigating problems", "Looking.", "");
        var again = suggestions.Suggest("upstream", "upstream:x", [webmail.Id], IncidentImpact.Minor, "Webmail: problems upstream", "Looking.", "");

        Assert.Equal([mail.Id], draft.ComponentIds);
        Assert.Contains(draft.Notes, n => n.Text == $"left out 1 component(s) that no longer exist: {webmail.Id}");
        Assert.Empty(again.ComponentIds);
        Assert.Contains(again.Notes, n => n.Text.StartsWith("left out 1 component(s)", StringComparison.Ordinal));
    }
}
