using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.StatusComponents;
using StatusHub.Upstream;

namespace StatusHub.Tests.Upstream;

public class UpstreamDraftsTests
{
    /// <summary>Hands each change of the relay's upstream, in order, to every listener as the poller does.</summary>
    private static void Mirror(TestStore store, StatusComponent relay, params (ComponentStatus From, ComponentStatus To)[] changes)
    {
        var listeners = store.Get<IEnumerable<IUpstreamChangeListener>>().ToList();
        foreach (var (from, to) in changes)
        {
            foreach (var listener in listeners)
            {
                listener.OnUpstreamChanged(new UpstreamChange(relay.Id, relay.Name, from, to, "Relay Provider", TestStore.Start.UtcDateTime));
            }
        }
    }

    [Fact]
    public void AnUpstreamGettingWorseSuggestsADraftAndBackToOperationalSuggestsResolvingIt()
    {
        using var store = new TestStore();
        var relay = store.Component("Outbound relay");
        var listeners = store.Get<IEnumerable<IUpstreamChangeListener>>().ToList();
        var suggestions = store.Get<IncidentSuggestions>();
        var at = TestStore.Start.UtcDateTime;

        foreach (var listener in listeners)
        {
            listener.OnUpstreamChanged(new UpstreamChange(relay.Id, relay.Name, ComponentStatus.Operational, ComponentStatus.MajorOutage, "Relay Provider", at));
            // Better, but not yet well: no second draft, no resolve suggestion.
            listener.OnUpstreamChanged(new UpstreamChange(relay.Id, relay.Name, ComponentStatus.MajorOutage, ComponentStatus.DegradedPerformance, "Relay Provider", at));
        }

        var draft = Assert.Single(suggestions.Drafts());
        Assert.Equal(("Outbound relay: problems at Relay Provider", IncidentImpact.Major), (draft.Title, draft.Impact));
        Assert.Null(draft.ResolveSuggestedAt);
        Assert.Empty(store.Incidents.Unresolved());

        foreach (var listener in listeners)
        {
            listener.OnUpstreamChanged(new UpstreamChange(relay.Id, relay.Name, ComponentStatus.DegradedPerformance, ComponentStatus.Operational, "Relay Provider", at));
        }

        Assert.NotNull(Assert.Single(suggestions.Drafts()).ResolveSuggestedAt);
    }

    [Fact]
    public void PlannedMaintenanceUpstreamOpensNoDraftAndDoesNotCountAsFiringAgain()
    {
        using var store = new TestStore();
        var relay = store.Component("Outbound relay");
        var suggestions = store.Get<IncidentSuggestions>();

        Mirror(store, relay, (ComponentStatus.Operational, ComponentStatus.UnderMaintenance));

        Assert.Empty(suggestions.Drafts());

        Mirror(store, relay, (ComponentStatus.UnderMaintenance, ComponentStatus.PartialOutage), (ComponentStatus.PartialOutage, ComponentStatus.UnderMaintenance));

        var draft = Assert.Single(suggestions.Drafts());
        Assert.Equal(1, draft.Count);
        Assert.NotNull(draft.ResolveSuggestedAt);
    }
}
