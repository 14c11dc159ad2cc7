using Bunit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Incidents.Pages;
using StatusHub.Incidents.Templates;
using StatusHub.Tests.Channels.Pages;

namespace StatusHub.Tests.Incidents.Templates.Pages;

/// <summary>A template's channels, on a page where SMS, email and Telegram are configured.</summary>
public class TemplateChannelsTests : ChannelPageApp
{
    [Fact]
    public void ATemplatesChannelsAreTheOnesTickedAndTheFirstNoticeGoesOnlyThere()
    {
        var template = Get<IncidentTemplateService>().Create(
            new IncidentTemplateDraft("Mail slow", "Mail delayed", IncidentImpact.Minor, IncidentStatus.Investigating, "Queues are growing.", [], [ChannelNames.Email]), Editor);
        var page = Render<ManageIncidents>();

        page.Find("#incident-template").Change(template.Id);

        Assert.True(page.Find("#incident-notify-email").HasAttribute("checked"));
        Assert.False(page.Find("#incident-notify-sms").HasAttribute("checked"));
        Assert.False(page.Find("#incident-notify-telegram").HasAttribute("checked"));

        page.Find("#new-incident form").Submit();

        var incident = Assert.Single(Get<IncidentService>().Recent());
        Assert.Equal("Queues are growing.", incident.Updates[0].Body);
        Assert.Equal([ChannelNames.Email], Get<OutboxReadModel>().Progress(incident.Updates[0].NotificationId!).Select(p => p.Channel));
    }
}
