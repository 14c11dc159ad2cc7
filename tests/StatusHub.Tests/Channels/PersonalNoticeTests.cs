using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Tests.Channels;

/// <summary>A sign-up confirmation is for the one address that asked: it is never fanned out to a channel's recipients.</summary>
public class PersonalNoticeTests
{
    private static NotificationContent Confirmation() =>
        NotificationContent.ForSubscription(new PageInfo("Acme", ChannelApp.PageUrl), ChannelApp.PageUrl + "/subscribe/confirm?id=x&token=y", TestStore.Start.UtcDateTime.AddDays(7), "all components");

    [Fact]
    public void IsNotBroadcastToAnyChannel()
    {
        using var store = new TestStore();
        using var rig = new ChannelApp(store, sms: new() { WebhookUrl = "https://sms.example.com/send", Secret = "s", Recipients = ["+447700900123"] }, webhooks: new WebhookOptions { Secret = "s" });
        rig.Endpoints.Add("https://hooks.example.com/statushub", null, null, "admin@example.com");

        var queued = store.Store.Write(scope => rig.Publisher.Enqueue(scope, Confirmation(), PublishChoice.AllChannels, "system", TestStore.Start.UtcDateTime));

        Assert.Null(queued);
        Assert.Empty(rig.Deliveries(ChannelNames.Webhook));
        Assert.Empty(rig.Deliveries(ChannelNames.Sms));
    }

    [Fact]
    public void ChannelsOtherThanEmailDoNotCarryIt()
    {
        using var store = new TestStore();
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = "s" });

        var queued = store.Store.Write(scope => rig.Publisher.EnqueueTo(scope, Confirmation(), ChannelNames.Webhook, "https://hooks.example.com/x", "system", TestStore.Start.UtcDateTime));

        Assert.Null(queued);
        Assert.Empty(rig.Deliveries(ChannelNames.Webhook));
    }
}
