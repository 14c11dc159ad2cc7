using System.Net;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;

namespace StatusHub.Tests.Channels;

/// <summary>The Channels page's health line, fed by real deliveries to a gateway on loopback.</summary>
public sealed class ChannelHealthTests
{
    private const string Secret = "gateway-secret";

    [Fact]
    public async Task SaysWhenTheChannelLastDeliveredAndLastFailedAndWhatIsQueued()
    {
        using var store = new TestStore();
        await using var gateway = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, ChannelApp.SmsTo(gateway, Secret, "+447700900123"));
        var health = new ChannelHealthService(rig.Publisher.Channels, [], rig.Publisher, rig.Templates, store.Store, rig.OutboxReadModel, store.Time);
        var before = health.Of(rig.Sms);

        rig.OpenIncident("Checkout is down");
        var queued = health.Of(rig.Sms);
        await rig.DeliverDueAsync();
        var delivered = health.Of(rig.Sms);
        var deliveredAt = store.Now;

        store.Time.Advance(TimeSpan.FromMinutes(5));
        gateway.Answer = HttpStatusCode.InternalServerError;
        rig.OpenIncident("Search is slow");
        await rig.DeliverDueAsync();
        var failed = health.Of(rig.Sms);

        Assert.Equal((null, null, 0), (before.LastSuccessAt, before.LastFailureAt, before.QueueLength));
        Assert.Equal(1, queued.QueueLength);
        Assert.Equal((deliveredAt, null, 0), (delivered.LastSuccessAt, delivered.LastFailureAt, delivered.QueueLength));
        Assert.Equal((deliveredAt, store.Now, 1), (failed.LastSuccessAt, failed.LastFailureAt, failed.QueueLength));
        Assert.Contains("500", failed.LastError);

        // A store from before the channel's activity was kept: the same answer, read from the rows.
        store.Store.Collection<ChannelActivity>().DeleteAll();
        var fromRows = health.Of(rig.Sms);
        Assert.Equal((deliveredAt, store.Now), (fromRows.LastSuccessAt, fromRows.LastFailureAt));
        Assert.Contains("500", fromRows.LastError);
    }
}
