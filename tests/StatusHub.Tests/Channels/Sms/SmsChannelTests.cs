using System.Net;
using Microsoft.Extensions.Configuration;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Channels.Webhooks;
using StatusHub.Incidents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.Channels.Sms;

public class SmsChannelTests
{
    private const string Secret = "sms-gateway-secret";

    [Fact]
    public async Task PostsSignedJsonWithToTextAndIdToTheGatewayEndingWithTheShortLink()
    {
        using var store = new TestStore();
        await using var gateway = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, ChannelApp.SmsTo(gateway, Secret, "+441234567890", "+15550100"));

        var incident = rig.OpenIncident("Checkout is down");
        await rig.DeliverDueAsync();

        var received = gateway.Received.OrderBy(r => r.Json.GetProperty("to").GetString()).ToList();
        Assert.Equal(["+15550100", "+441234567890"], received.Select(r => r.Json.GetProperty("to").GetString()));
        var text = received[0].Json.GetProperty("text").GetString()!;
        Assert.Equal($"Acme: Checkout is down (Investigating). Reply STOP to opt out. {ChannelApp.PageUrl}/i/{incident.Id}", text);
        Assert.True(SmsText.Count(text) is { IsGsm7: true, Segments: 1 }, text);
        Assert.Equal(rig.Deliveries(ChannelNames.Sms).Select(d => d.Id).Order(), received.Select(r => r.Json.GetProperty("id").GetString()).Order());
        Assert.All(rig.Deliveries(ChannelNames.Sms), d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.Equal(0, gateway.Rejected);
    }

    [Fact]
    public async Task ALongTitleIsShortenedBeforeTheOptOutLineWhichEndsTheTextWholeWithTheLink()
    {
        using var store = new TestStore();
        await using var gateway = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, ChannelApp.SmsTo(gateway, Secret, "+441234567890"));

        var incident = rig.OpenIncident("Elevated error rates and timeouts on the public API, the dashboard, the mobile apps and webhooks in all regions — we are investigating");
        await rig.DeliverDueAsync();

        var text = Assert.Single(gateway.Received).Json.GetProperty("text").GetString()!;
        Assert.StartsWith("Acme: Elevated error rates", text);
        Assert.EndsWith($"… Reply STOP to opt out. {ChannelApp.PageUrl}/i/{incident.Id}", text);
        Assert.True(SmsText.Count(text) is { IsGsm7: false, Segments: 2 }, text);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task AGatewayRefusingStatusHubItselfIsRetriedAndMarksNoNumberFailing(HttpStatusCode answer)
    {
        using var store = new TestStore();
        await using var gateway = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, ChannelApp.SmsTo(gateway, Secret, "+15550100", "+15550101"));
        gateway.Answer = answer;

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        Assert.All(rig.Deliveries(ChannelNames.Sms), d => Assert.Equal((DeliveryState.Pending, 1), (d.State, d.Attempts)));
        Assert.Contains("check Sms:WebhookUrl and Sms:Secret", rig.Deliveries(ChannelNames.Sms)[0].LastError);
        Assert.Empty(store.Store.Collection<FailingTarget>().FindAll());
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task AGatewayRefusingTheNumberMarksThatNumberFailing(HttpStatusCode answer)
    {
        using var store = new TestStore();
        await using var gateway = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, ChannelApp.SmsTo(gateway, Secret, "+15550100"));
        gateway.Answer = answer;

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        Assert.Equal(DeliveryState.Failed, Assert.Single(rig.Deliveries(ChannelNames.Sms)).State);
        Assert.Equal("+15550100", Assert.Single(store.Store.Collection<FailingTarget>().FindAll()).Target);
    }

    [Fact]
    public void CarriesOnlyIncidentCreatedResolvedAndMaintenanceStartedByDefault()
    {
        var channel = new SmsChannel(new FixedOptions<SmsOptions>(new SmsOptions()), null!, null!);

        var carried = Enum.GetValues<NotificationEvent>().Where(e => e is not (NotificationEvent.Test or NotificationEvent.ConfirmationCode) && channel.Carries(e));

        Assert.Equal([NotificationEvent.IncidentCreated, NotificationEvent.IncidentResolved, NotificationEvent.MaintenanceStarted], carried);
    }

    [Fact]
    public void ConfiguredEventsReplaceTheDefaults()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sms:Events:0"] = "incident_updated", ["Sms:Events:1"] = "maintenance_scheduled" })
            .Build();
        var options = configuration.GetSection(SmsOptions.Section).Get<SmsOptions>()!;
        var channel = new SmsChannel(new FixedOptions<SmsOptions>(options), null!, null!);

        var carried = Enum.GetValues<NotificationEvent>().Where(e => e is not (NotificationEvent.Test or NotificationEvent.ConfirmationCode) && channel.Carries(e));

        Assert.Equal([NotificationEvent.IncidentUpdated, NotificationEvent.MaintenanceScheduled], carried);
    }

    [Fact]
    public async Task AnIncidentUpdateSendsNoSmsButItsResolutionDoes()
    {
        using var store = new TestStore();
        await using var gateway = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, ChannelApp.SmsTo(gateway, Secret, "+15550100"));
        var incident = rig.OpenIncident();
        await rig.DeliverDueAsync();

        incident = rig.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "A bad deploy."), "oncall@example.com");
        incident = rig.Incidents.Resolve(incident.Id, incident.Version, "Rolled back.", "oncall@example.com");
        await rig.DeliverDueAsync();

        Assert.Equal(2, gateway.Received.Count);
        Assert.StartsWith("Acme: Resolved - Checkout is down.", gateway.Received[1].Json.GetProperty("text").GetString());
        Assert.Null(incident.Updates.Single(u => u.Status == IncidentStatus.Identified).NotificationId);
    }

    [Fact]
    public async Task AChannelMissingKeysIsOffSaysWhichAndDoesNotHoldUpTheOthers()
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, new SmsOptions { WebhookUrl = receiver.UrlFor("/sms").ToString(), Recipients = ["+15550100"] }, new WebhookOptions { Secret = Secret });
        rig.Endpoints.Add(receiver.UrlFor("/hook").ToString(), null, null, "admin@example.com");

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        Assert.Equal("missing Sms:Secret (the shared HMAC key)", rig.Sms.ConfigurationProblem);
        var preview = rig.Publisher.Preview(IncidentNotice.For(rig.Incidents.Recent()[0], rig.Incidents.Recent()[0].Updates[0], true, rig.Publisher.Page, OverallStatus.Read(store.Store), store.Store), store.Store);
        Assert.False(preview.Single(p => p.Channel == ChannelNames.Sms).IsOn);
        Assert.Empty(rig.Deliveries(ChannelNames.Sms));
        Assert.Equal(["/hook"], receiver.Received.Select(r => r.Path));
    }
}
