using Bunit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Pages;
using StatusHub.Incidents;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Pages;

public class NotificationsPageTests : ChannelPageApp
{
    [Fact]
    public void ShowsDeliveryProgressPerChannel()
    {
        Get<IncidentService>().Open(new NewIncident("Mail delayed", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Queues are growing.")), Editor);
        var notification = Assert.Single(Get<OutboxReadModel>().RecentNotifications());
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

    [Fact]
    public void ListsIncidentNoticesButNotTheSignUpConfirmationsQueuedAfterThem()
    {
        Get<IncidentService>().Open(new NewIncident("Mail delayed", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Queues are growing.")), Editor);
        var publisher = Get<NotificationPublisher>();
        var store = Get<LiteStore>();
        for (var i = 0; i < 30; i++)
        {
            var confirmation = NotificationContent.ForSubscription(publisher.Page, $"https://status.example.com/subscribe/confirm?id={i}", DateTime.UtcNow.AddDays(7), "all components");
            store.Write(scope => publisher.EnqueueTo(scope, confirmation, ChannelNames.Email, $"reader{i}@example.org", "system", DateTime.UtcNow.AddMinutes(1)), affectsStatusPage: false);
        }

        var page = Render<Notifications>();

        var listed = page.FindAll("[data-notification]");
        Assert.Contains("Mail delayed", Assert.Single(listed).TextContent);
        Assert.Equal(31, Get<OutboxReadModel>().RecentNotifications(50).Count);
    }
}
