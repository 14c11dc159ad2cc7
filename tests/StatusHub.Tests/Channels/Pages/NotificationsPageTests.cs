using Bunit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Pages;
using StatusHub.Incidents;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Pages;

public class NotificationsPageTests : ChannelPageContext
{
    [Fact]
    public void ShowsDeliveryProgressPerChannel()
    {
        Get<IncidentService>().Open(new NewIncident("Mail delayed", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Queues are growing.")), Editor);
        var notification = Assert.Single(Get<OutboxStore>().RecentNotifications());
        // Pretend the email went out and the SMS was refused for good.
        var store = Get<LiteStore>();
        foreach (var delivery in store.Collection<Delivery>().Find(d => d.NotificationId == notification.Id).ToList())
        {
            store.Collection<Delivery>().Update(delivery.Channel == ChannelNames.Email
                ? delivery with { State = DeliveryState.Sent, SentAt = DateTime.UtcNow }
                : delivery with { State = DeliveryState.Failed, LastError = "HTTP 410 Gone", LastAttemptAt = DateTime.UtcNow });
        }

        var page = Render<Notifications>();

        var item = page.Find($"[data-notification='{notification.Id}']");
        Assert.Contains("Mail delayed", item.TextContent);
        var email = item.QuerySelector("[data-channel='email']")!;
        Assert.Equal(("1", "1"), (email.QuerySelector("progress")!.GetAttribute("value"), email.QuerySelector("progress")!.GetAttribute("max")));
        Assert.Contains("1 sent", email.TextContent);
        var sms = item.QuerySelector("[data-channel='sms']")!;
        Assert.Contains("1 failed", sms.TextContent);
    }
}
