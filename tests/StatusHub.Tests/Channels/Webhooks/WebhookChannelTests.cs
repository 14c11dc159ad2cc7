using System.Net;
using System.Net.Sockets;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Webhooks;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusPage;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Channels.Webhooks;

public class WebhookChannelTests
{
    private const string Secret = "whsec-test";

    [Fact]
    public async Task PostsAStatuspageShapedIncidentPayloadSignedWithTheSharedSecret()
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret });
        var api = store.Component("API");
        rig.Endpoints.Add(receiver.UrlFor("/statushub").ToString(), "Ops chat bridge", null, "admin@example.com");

        var incident = rig.Incidents.Open(
            new NewIncident("Checkout is down", null, new UpdateDraft(IncidentStatus.Investigating, "Payments fail.",
                ComponentStatuses: new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage })),
            "oncall@example.com");
        await rig.DeliverDueAsync();

        var request = Assert.Single(receiver.Received, r => r.Json.TryGetProperty("incident", out _));
        Assert.StartsWith("sha256=", request.Header(HookSigner.SignatureHeader));
        Assert.Contains(request.Header("X-StatusHub-Delivery"), rig.Deliveries(ChannelNames.Webhook).Select(d => d.Id));
        var json = request.Json;
        Assert.Equal("Acme", json.GetProperty("page").GetProperty("name").GetString());
        Assert.Equal("critical", json.GetProperty("page").GetProperty("status_indicator").GetString());
        var payload = json.GetProperty("incident");
        Assert.Equal(incident.Id, payload.GetProperty("id").GetString());
        Assert.Equal("Checkout is down", payload.GetProperty("name").GetString());
        Assert.Equal("investigating", payload.GetProperty("status").GetString());
        Assert.Equal("critical", payload.GetProperty("impact").GetString());
        Assert.Equal($"{ChannelApp.PageUrl}/i/{incident.Id}", payload.GetProperty("shortlink").GetString());
        var update = Assert.Single(payload.GetProperty("incident_updates").EnumerateArray());
        Assert.Equal("Payments fail.", update.GetProperty("body").GetString());
        Assert.Equal(incident.Id, update.GetProperty("incident_id").GetString());
        var affected = Assert.Single(update.GetProperty("affected_components").EnumerateArray());
        Assert.Equal(("API", "major_outage"), (affected.GetProperty("name").GetString(), affected.GetProperty("new_status").GetString()));
        var component = Assert.Single(payload.GetProperty("components").EnumerateArray());
        Assert.Equal((api.Id, "API"), (component.GetProperty("id").GetString(), component.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task PostsAStatuspageShapedComponentUpdateWhenAComponentChangesStatus()
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret });
        var api = store.Component("API");
        var web = store.Component("Website");
        rig.Endpoints.Add(receiver.UrlFor("/api-only").ToString(), null, [api.Id], "admin@example.com");

        rig.Incidents.Open(
            new NewIncident("Checkout is down", null, new UpdateDraft(IncidentStatus.Investigating, "Payments fail.",
                ComponentStatuses: new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.PartialOutage, [web.Id] = ComponentStatus.MajorOutage })),
            "oncall@example.com");
        await rig.DeliverDueAsync();

        // The endpoint follows only the API: it hears about the incident and the API's change, not the website's.
        var update = Assert.Single(receiver.Received, r => r.Json.TryGetProperty("component_update", out _)).Json;
        Assert.Equal(api.Id, update.GetProperty("component_update").GetProperty("component_id").GetString());
        Assert.Equal("operational", update.GetProperty("component_update").GetProperty("old_status").GetString());
        Assert.Equal("partial_outage", update.GetProperty("component_update").GetProperty("new_status").GetString());
        Assert.Equal(("API", "partial_outage"), (update.GetProperty("component").GetProperty("name").GetString(), update.GetProperty("component").GetProperty("status").GetString()));
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task A410MarksTheEndpointFailingAndLaterNoticesSkipIt()
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        receiver.Answer = HttpStatusCode.Gone;
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret });
        var endpoint = rig.Endpoints.Add(receiver.UrlFor("/gone").ToString(), null, null, "admin@example.com");

        rig.OpenIncident("First");
        await rig.DeliverDueAsync();
        var second = rig.OpenIncident("Second");

        var dead = Assert.Single(rig.OutboxReadModel.DeadLetters());
        Assert.Equal((DeliveryState.Failed, 1), (dead.State, dead.Attempts));
        Assert.Contains("410", dead.LastError);
        var status = Assert.Single(rig.Endpoints.List());
        Assert.Equal(endpoint.Id, status.Endpoint.Id);
        Assert.True(status.IsFailing);
        Assert.Contains("410", status.Failing!.LastError);
        Assert.Null(second.Updates[0].NotificationId);
        Assert.Equal(1, receiver.Answered);
    }

    [Fact]
    public async Task NoticesSentWhileMaintenanceRunsGiveThePageStatusThePageShows()
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret });
        var api = store.Component("API");
        rig.Endpoints.Add(receiver.UrlFor("/statushub").ToString(), null, null, "admin@example.com");

        // The window runs on, but an incident brings its one component back: no component is under maintenance, yet the page says maintenance.
        rig.Maintenance.Schedule(new MaintenanceDraft("Network upgrade", null, store.Now.AddMinutes(-5), store.Now.AddHours(1), [api.Id]), "admin@example.com");
        rig.Incidents.Open(
            new NewIncident("Slow logins", null, new UpdateDraft(IncidentStatus.Investigating, "The API is back; logins are slow.",
                ComponentStatuses: new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.Operational })),
            "oncall@example.com");
        await rig.DeliverDueAsync();

        using var snapshots = store.Snapshots();
        var page = snapshots.Current.Overall;
        Assert.Equal(StatusIndicator.Maintenance, page.Indicator);
        var started = Assert.Single(receiver.Received, r => Notice(r) == ("Network upgrade", "in_progress"));
        var opened = Assert.Single(receiver.Received, r => Notice(r) == ("Slow logins", "investigating"));
        foreach (var notice in new[] { started, opened })
        {
            Assert.Equal(page.Indicator.ToWire(), notice.Json.GetProperty("page").GetProperty("status_indicator").GetString());
            Assert.Equal(page.Description, notice.Json.GetProperty("page").GetProperty("status_description").GetString());
        }
    }

    [Fact]
    public async Task AComponentBackFromMaintenanceIsAnnouncedWithThePageAsItIsAfterwards()
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret });
        var api = store.Component("API");
        var web = store.Component("Website");
        rig.Endpoints.Add(receiver.UrlFor("/statushub").ToString(), null, null, "admin@example.com");
        var early = rig.Maintenance.Schedule(new MaintenanceDraft("Database upgrade", null, store.Now.AddMinutes(-5), store.Now.AddHours(1), [api.Id]), "admin@example.com");
        rig.Maintenance.Schedule(new MaintenanceDraft("Cache upgrade", null, store.Now.AddMinutes(-5), store.Now.AddMinutes(30), [web.Id]), "admin@example.com");

        rig.Maintenance.Cancel(early.Id, rig.Maintenance.Get(early.Id).Version, "admin@example.com");
        store.Time.Advance(TimeSpan.FromMinutes(31));
        rig.Maintenance.AdvanceAll();
        await rig.DeliverDueAsync();

        using var snapshots = store.Snapshots();
        Assert.Equal(StatusIndicator.None, snapshots.Current.Overall.Indicator);
        var back = receiver.Received.Where(r => r.Json.TryGetProperty("component_update", out var change) && change.GetProperty("new_status").GetString() == "operational").ToList();
        Assert.Equal(2, back.Count);
        // Back from the cancelled window while the other still runs: maintenance; back from the last one: none.
        Assert.Equal(["maintenance", "none"], back.Select(r => r.Json.GetProperty("page").GetProperty("status_indicator").GetString()));
    }

    /// <summary>The name and status of the incident or maintenance a webhook is about.</summary>
    private static (string? Name, string? Status) Notice(ReceivedRequest request) =>
        request.Json.TryGetProperty("incident", out var notice) ? (notice.GetProperty("name").GetString(), notice.GetProperty("status").GetString()) : default;

    [Fact]
    public async Task AServerErrorIsRetriedWithBackoffUntilItIsAccepted()
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        receiver.AnswerNext(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway);
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret });
        rig.Endpoints.Add(receiver.UrlFor("/flaky").ToString(), null, null, "admin@example.com");

        rig.OpenIncident();
        await rig.DeliverDueAsync();
        var first = rig.Deliveries(ChannelNames.Webhook).Single();
        store.Time.Advance(TimeSpan.FromSeconds(2));
        var tooEarly = await rig.DeliverDueAsync();
        store.Time.Advance(TimeSpan.FromSeconds(3));
        await rig.DeliverDueAsync();
        var second = rig.Deliveries(ChannelNames.Webhook).Single();
        store.Time.Advance(TimeSpan.FromSeconds(10));
        await rig.DeliverDueAsync();

        Assert.Equal((DeliveryState.Pending, 1), (first.State, first.Attempts));
        Assert.Contains("500", first.LastError);
        Assert.InRange(first.NextAttemptAt - first.LastAttemptAt!.Value, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(5));
        Assert.Equal(0, tooEarly);
        Assert.Equal((DeliveryState.Pending, 2), (second.State, second.Attempts));
        Assert.InRange(second.NextAttemptAt - second.LastAttemptAt!.Value, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.Equal(DeliveryState.Sent, rig.Deliveries(ChannelNames.Webhook).Single().State);
        Assert.Single(receiver.Received);
        Assert.Equal(3, receiver.Answered);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task RetryAfterIsHonoured(HttpStatusCode answer)
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        receiver.Answer = answer;
        receiver.RetryAfter = TimeSpan.FromMinutes(2);
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret });
        rig.Endpoints.Add(receiver.UrlFor("/busy").ToString(), null, null, "admin@example.com");

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        var delivery = rig.Deliveries(ChannelNames.Webhook).Single();
        Assert.Equal(DeliveryState.Pending, delivery.State);
        Assert.Equal(store.Now + TimeSpan.FromMinutes(2), delivery.NextAttemptAt);
    }

    [Fact]
    public async Task ARefusedConnectionIsRetriedNotDropped()
    {
        using var store = new TestStore();
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret });
        rig.Endpoints.Add($"http://127.0.0.1:{ClosedPort()}/hook", null, null, "admin@example.com");

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        var delivery = rig.Deliveries(ChannelNames.Webhook).Single();
        Assert.Equal((DeliveryState.Pending, 1), (delivery.State, delivery.Attempts));
        Assert.Contains("127.0.0.1", delivery.LastError);
        Assert.Empty(rig.OutboxReadModel.DeadLetters());
    }

    [Fact]
    public async Task ATimeoutIsRetriedNotDropped()
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        receiver.Delay = TimeSpan.FromSeconds(5);
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret }, httpTimeout: TimeSpan.FromMilliseconds(300));
        rig.Endpoints.Add(receiver.UrlFor("/slow").ToString(), null, null, "admin@example.com");

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        var delivery = rig.Deliveries(ChannelNames.Webhook).Single();
        Assert.Equal((DeliveryState.Pending, 1), (delivery.State, delivery.Attempts));
        Assert.Contains("no answer", delivery.LastError);
    }

    [Fact]
    public async Task ARedirectIsNotFollowed()
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        receiver.Answer = HttpStatusCode.Found;
        receiver.Location = receiver.UrlFor("/elsewhere");
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret });
        rig.Endpoints.Add(receiver.UrlFor("/moved").ToString(), null, null, "admin@example.com");

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        Assert.Equal((1, 0), (receiver.Answered, receiver.Rejected));
        Assert.Equal(DeliveryState.Failed, rig.Deliveries(ChannelNames.Webhook).Single().State);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
