using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Postmortems;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Postmortems;

/// <summary>The impact computed from what the real services stored: status history, back-dated updates, and the outbox.</summary>
public class PostmortemImpactTests
{
    private const string Secret = "sms-gateway-secret";

    [Fact]
    public void PlacesABackDatedUpdatesStatusAtTheTimeItDescribes()
    {
        using var store = new TestStore();
        var api = store.Component("API");
        var incident = store.Incidents.Open(new NewIncident("API errors", null, new UpdateDraft(IncidentStatus.Investigating, "Errors everywhere.", null,
            new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage })), "oncall@example.com");
        store.Time.Advance(TimeSpan.FromMinutes(30));
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "Slow since 11:00, we now know.", store.Now.AddMinutes(-90),
            new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.DegradedPerformance }), "oncall@example.com");
        store.Time.Advance(TimeSpan.FromMinutes(30));
        store.Incidents.Resolve(incident.Id, incident.Version, "Fixed.", "oncall@example.com");
        var postmortems = store.Postmortems();

        var impact = postmortems.Impact(postmortems.Start(incident.Id, "short", PostmortemApp.Editor));

        Assert.Equal((TestStore.Start.UtcDateTime.AddHours(-1), TestStore.Start.UtcDateTime.AddHours(1)), (impact.StartedAt, impact.EndedAt));
        var component = Assert.Single(impact.Components);
        Assert.Equal(
            [new StatusTime(ComponentStatus.MajorOutage, TimeSpan.FromHours(1)), new StatusTime(ComponentStatus.DegradedPerformance, TimeSpan.FromHours(1))],
            component.TimeInStatus);
        Assert.Equal(("API", ComponentStatus.MajorOutage, TimeSpan.FromHours(2)), (component.Name, impact.Worst, impact.AffectedFor));
    }

    [Fact]
    public async Task CountsTheRecipientsTheIncidentsNoticesReachedPerChannel()
    {
        using var store = new TestStore();
        await using var gateway = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, ChannelApp.SmsTo(gateway, Secret, "+441234567890", "+15550100"));
        var incident = rig.OpenIncident("Checkout is down");
        await rig.DeliverDueAsync();
        store.Time.Advance(TimeSpan.FromMinutes(20));
        incident = rig.Incidents.Resolve(incident.Id, rig.Incidents.Get(incident.Id).Version, "Fixed.", "oncall@example.com");
        await rig.DeliverDueAsync();
        var postmortems = rig.Get<PostmortemService>();

        var impact = postmortems.Impact(postmortems.Start(incident.Id, "short", PostmortemApp.Editor));

        Assert.Equal(4, gateway.Received.Count);
        Assert.Equal([new SentCount("sms", 2)], impact.Notified);
    }

    [Fact]
    public void SentCountsCountEachTargetOnceAndOnlyWhatWasSent()
    {
        using var store = new TestStore();
        var outbox = new OutboxStore(store.Store, store.Time);
        var readModel = new OutboxReadModel(store.Store, store.Time);
        var now = store.Now;
        Notification Queue(string id, params (string Channel, string Target)[] targets) => store.Store.Write(scope =>
        {
            var notification = new Notification { Id = id, Title = "t", CreatedAt = now, Version = 1 };
            OutboxStore.Enqueue(scope, notification, targets, now);
            return notification;
        });
        Queue("n1", ("email", "a@example.com"), ("email", "b@example.com"), ("telegram", "-100"));
        Queue("n2", ("email", "a@example.com"), ("email", "c@example.com"));
        Queue("elsewhere", ("email", "d@example.com"));
        var deliveries = store.Store.Collection<Delivery>().FindAll().ToDictionary(d => d.Id);
        outbox.Complete([
            new DeliveryOutcome(deliveries["n1:email:a@example.com"], new SendResult.Sent(), now, TimeSpan.Zero),
            new DeliveryOutcome(deliveries["n2:email:a@example.com"], new SendResult.Sent(), now, TimeSpan.Zero),
            new DeliveryOutcome(deliveries["n1:email:b@example.com"], new SendResult.Permanent("550 no such user"), now, TimeSpan.Zero),
            new DeliveryOutcome(deliveries["n1:telegram:-100"], new SendResult.Sent("7"), now, TimeSpan.Zero),
            new DeliveryOutcome(deliveries["elsewhere:email:d@example.com"], new SendResult.Sent(), now, TimeSpan.Zero),
        ]);

        var counts = readModel.SentCountsFor(["n1", "n2", "n2"]);

        Assert.Equal([new SentCount("email", 1), new SentCount("telegram", 1)], counts);
    }
}
