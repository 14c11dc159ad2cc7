using StatusHub.Channels.Outbox;
using StatusHub.Channels.Webhooks;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Incidents;

/// <summary>An update and the notice it goes out as are written together, the incident once.</summary>
public class IncidentPublishingTests
{
    private const string Author = "oncall@example.com";

    [Fact]
    public void EachPostThatGoesOutWritesTheIncidentOnceAndLinksItsNotice()
    {
        using var store = new TestStore();
        using var rig = RigWithAWebhook(store);

        var opened = rig.OpenIncident();
        var updated = rig.Incidents.PostUpdate(opened.Id, opened.Version, new UpdateDraft(IncidentStatus.Identified, "A bad deploy."), Author);
        var resolved = rig.Incidents.Resolve(updated.Id, updated.Version, "Rolled back.", Author);

        Assert.Equal([1, 2, 3], new[] { opened, updated, resolved }.Select(i => i.Version));
        var stored = store.Store.Collection<Incident>().FindById(opened.Id);
        Assert.Equal(3, stored.Version);
        var notices = store.Store.Collection<Notification>().FindAll().ToDictionary(n => n.Id);
        Assert.Equal(3, notices.Count);
        Assert.All(stored.Updates, update => Assert.Equal(update.Id, notices[update.NotificationId!].UpdateId));
        Assert.Equal(stored.Updates.Select(u => u.NotificationId), resolved.Updates.Select(u => u.NotificationId));
    }

    [Fact]
    public void APostFromAStaleVersionQueuesNothingAndChangesNothing()
    {
        using var store = new TestStore();
        using var rig = RigWithAWebhook(store);
        var api = store.Component("API");
        var opened = rig.OpenIncident();
        rig.Incidents.PostUpdate(opened.Id, opened.Version, new UpdateDraft(IncidentStatus.Identified, "A bad deploy."), Author);

        Assert.Throws<ConcurrencyConflictException>(() => rig.Incidents.PostUpdate(opened.Id, opened.Version,
            new UpdateDraft(IncidentStatus.Monitoring, "Stale.", ComponentStatuses: new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage }), Author));

        Assert.Equal(2, store.Store.Collection<Notification>().Count());
        Assert.Equal(ComponentStatus.Operational, store.Components.Get(api.Id).Status);
        Assert.Equal(2, store.Store.Collection<Incident>().FindById(opened.Id).Updates.Count);
    }

    /// <summary>A rig whose every notice has one target, a staff-registered webhook; nothing is delivered in these tests.</summary>
    private static ChannelApp RigWithAWebhook(TestStore store)
    {
        var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = "whsec-test" });
        rig.Endpoints.Add("http://127.0.0.1:9/hook", null, null, "admin@example.com");
        return rig;
    }
}
