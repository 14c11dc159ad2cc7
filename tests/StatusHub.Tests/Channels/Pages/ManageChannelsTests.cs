using Bunit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Pages;
using StatusHub.Channels.Webhooks;
using StatusHub.Incidents;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Pages;

public class ManageChannelsTests : ChannelPageApp
{
    [Fact]
    public void NamesTheMissingKeyOfAChannelThatIsOff()
    {
        var page = Render<ManageChannels>();

        var telegram = page.Find("tr[data-channel='telegram']");
        Assert.Contains("off", telegram.TextContent);
        Assert.Contains("Telegram:BotToken", telegram.TextContent);
        Assert.True(telegram.QuerySelector("button.send-test")!.HasAttribute("disabled"));
        Assert.Contains("on", page.Find("tr[data-channel='sms']").TextContent);
    }

    [Fact]
    public void ListsTheStaticExportWithTheKeyThatTurnsItOnAndNoTestButton()
    {
        var page = Render<ManageChannels>();

        var export = page.Find("tr[data-channel='export']");
        Assert.Contains("Static export", export.TextContent);
        Assert.Contains("Export:Directory", export.TextContent);
        Assert.Null(export.QuerySelector("button.send-test"));
    }

    [Fact]
    public void SaysWhichTelegramGroupMovedAndWhatToConfigure()
    {
        Assert.Empty(Render<ManageChannels>().FindAll(".telegram-moved"));
        Get<StatusHub.Channels.Telegram.TelegramChatMoves>().Record(TelegramGroup, -1009876543210);

        var moved = Render<ManageChannels>().Find(".telegram-moved");

        Assert.Contains($"The Telegram group {TelegramGroup} became the supergroup -1009876543210", moved.TextContent);
        Assert.Contains("Set Telegram:GroupChatId to -1009876543210", moved.TextContent);
    }

    [Fact]
    public void QueuesATestMessageOnAChannel()
    {
        var page = Render<ManageChannels>();

        page.Find("tr[data-channel='sms'] button.send-test").Click();

        Assert.Contains("Test message queued to 1 target on SMS", page.Find("[role=status]").TextContent);
        var notification = Assert.Single(Get<OutboxReadModel>().RecentNotifications());
        Assert.Equal(NotificationEvent.Test, notification.Event);
        Assert.Equal(ChannelNames.Sms, Assert.Single(Get<OutboxReadModel>().Progress(notification.Id)).Channel);
    }

    [Fact]
    public void RetriesAFailedDeliveryFromTheDeadLetterList()
    {
        Get<IncidentService>().Open(new NewIncident("Mail delayed", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Queues are growing.")), Editor,
            new PublishChoice([ChannelNames.Sms]));
        var store = Get<LiteStore>();
        var delivery = store.Collection<Delivery>().FindAll().Single();
        store.Collection<Delivery>().Update(delivery with { State = DeliveryState.Failed, LastError = "HTTP 410 Gone", LastAttemptAt = DateTime.UtcNow, Attempts = 1 });
        store.Collection<FailingTarget>().Insert(new FailingTarget { Id = FailingTarget.KeyFor(ChannelNames.Sms, SmsRecipient), Channel = ChannelNames.Sms, Target = SmsRecipient, LastError = "HTTP 410 Gone" });
        var page = Render<ManageChannels>();
        Assert.Contains("HTTP 410 Gone", page.Find($"tr[data-delivery='{delivery.Id}']").TextContent);

        page.Find($"tr[data-delivery='{delivery.Id}'] button.retry").Click();

        Assert.NotEqual(DeliveryState.Failed, store.Collection<Delivery>().FindById(delivery.Id).State);
        Assert.Null(store.Collection<FailingTarget>().FindById(FailingTarget.KeyFor(ChannelNames.Sms, SmsRecipient)));
        Assert.Empty(page.FindAll($"tr[data-delivery='{delivery.Id}']"));
    }

    [Fact]
    public void RegistersAWebhookForSomeComponentsAndRemovesIt()
    {
        var api = Component("Public API");
        SignInAsAdmin();
        var page = Render<ManageChannels>();

        page.Find("#webhook-url").Change("https://hooks.example.com/statushub");
        page.Find("#webhook-description").Change("Ops chat bridge");
        page.Find($"#new-webhook input[data-component='{api.Id}']").Change(true);
        page.Find("#new-webhook").Submit();

        var endpoint = Assert.Single(Get<WebhookEndpointService>().List()).Endpoint;
        Assert.Equal("https://hooks.example.com/statushub", endpoint.Url);
        Assert.Equal([api.Id], endpoint.ComponentIds);
        Assert.Contains("Public API", page.Find($"[data-webhook='{endpoint.Id}']").TextContent);

        page.Find($"[data-webhook='{endpoint.Id}'] button.delete").Click();
        page.Find($"[data-webhook='{endpoint.Id}'] button.confirm-delete").Click();

        Assert.Empty(Get<WebhookEndpointService>().List());
    }

    [Fact]
    public void RefusesAWebhookThatIsNotAnHttpUrl()
    {
        SignInAsAdmin();
        var page = Render<ManageChannels>();

        page.Find("#webhook-url").Change("javascript:alert(1)");
        page.Find("#new-webhook").Submit();

        Assert.NotEmpty(page.Find("[aria-labelledby=webhooks] .error").TextContent);
        Assert.Empty(Get<WebhookEndpointService>().List());
    }

    [Fact]
    public void AnEditorSeesTheWebhookEndpointsButOnlyAdminsAddOrRemoveThem()
    {
        Get<WebhookEndpointService>().Add("https://hooks.example.com/statushub", null, [], Admin);

        var page = Render<ManageChannels>();

        Assert.Single(page.FindAll("[data-webhook]"));
        Assert.Empty(page.FindAll("#new-webhook"));
        Assert.Empty(page.FindAll("[data-webhook] button.delete"));
        Assert.Contains("Only admins add or remove webhook endpoints", page.Find(".admin-only").TextContent);
    }

}
