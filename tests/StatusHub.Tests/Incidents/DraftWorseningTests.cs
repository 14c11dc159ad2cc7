using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Incidents;

/// <summary>A draft follows its alert as things get worse, and publishing it never tells customers it is better than it is.</summary>
public sealed class DraftWorseningTests
{
    private const string Actor = "alice@example.com";

    [Fact]
    public void AnAlertFiringAgainWorseRaisesTheDraftsImpactAndTellsWhatFiredLast()
    {
        using var store = new TestStore();
        var relay = store.Component("Relay");
        var suggestions = store.Get<IncidentSuggestions>();
        suggestions.Suggest("upstream", "upstream:relay", [relay.Id], IncidentImpact.Minor, "Relay: problems", "Looking into it.", "moved from operational to partial_outage");

        suggestions.Suggest("upstream", "upstream:relay", [relay.Id], IncidentImpact.Critical, "Relay: problems", "Looking into it.", "moved from partial_outage to major_outage");
        suggestions.Suggest("upstream", "upstream:relay", [relay.Id], IncidentImpact.Minor, "Relay: problems", "Looking into it.", "still failing");

        var draft = Assert.Single(suggestions.Drafts());
        Assert.Equal((IncidentImpact.Critical, 3, "still failing"), (draft.Impact, draft.Count, draft.Details));
    }

    [Fact]
    public void AnotherAlertForTheSameComponentsRaisesTheDraftsImpact()
    {
        using var store = new TestStore();
        var webmail = store.Component("Webmail");
        var suggestions = store.Get<IncidentSuggestions>();
        suggestions.Suggest("alertmanager", "alertmanager:latency", [webmail.Id], IncidentImpact.Minor, "Webmail slow", "Looking into it.", "");

        suggestions.Suggest("grafana", "grafana:errors", [webmail.Id], IncidentImpact.Major, "Webmail errors", "Looking into it.", "");

        Assert.Equal(IncidentImpact.Major, Assert.Single(suggestions.Drafts()).Impact);
    }

    [Fact]
    public void PublishingADraftAsSuggestedNeverLowersAComponentThatGotWorseMeanwhile()
    {
        using var store = new TestStore();
        var relay = store.Component("Relay");
        var webmail = store.Component("Webmail");
        var suggestions = store.Get<IncidentSuggestions>();
        var draft = suggestions.Suggest("upstream", "upstream:relay", [relay.Id, webmail.Id], IncidentImpact.Minor, "Relay: problems", "Looking into it.", "");
        store.Components.Update(store.Components.Get(relay.Id) with { Status = ComponentStatus.MajorOutage }, Actor);

        var incident = suggestions.Publish(draft.Id, Actor);

        Assert.Equal(ComponentStatus.MajorOutage, store.Components.Get(relay.Id).Status);
        Assert.Equal(ComponentStatus.DegradedPerformance, store.Components.Get(webmail.Id).Status);
        Assert.Equal(ComponentStatus.MajorOutage, incident.Updates.Single().ComponentStatuses[relay.Id]);
    }
}
