using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Probes;

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
}
