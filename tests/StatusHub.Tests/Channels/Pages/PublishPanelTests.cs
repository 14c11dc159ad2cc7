using Bunit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Incidents.Pages;
using StatusHub.Maintenance;
using StatusHub.Maintenance.Pages;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Channels.Pages;

public class PublishPanelTests : ChannelPageApp
{
    [Fact]
    public void PreviewsWhatEachChannelSendsBeforeAnIncidentIsOpened()
    {
        var api = Component("Public API");
        var page = Render<ManageIncidents>();
        page.Find("#incident-title").Change("Login <failures> & timeouts");
        page.Find("#incident-body").Input("We are **investigating**.");
        page.Find($"#incident-component-{api.Id}").Change("major_outage");

        page.Find("button.preview-messages").Click();

        var telegram = page.Find("[aria-label='Telegram preview']");
        Assert.Contains("off, nothing will be sent", telegram.TextContent);
        Assert.Contains("Telegram:BotToken", page.Find("#incident-notify-telegram").ParentElement!.TextContent);
        var sms = page.Find("[aria-label='SMS preview']");
        Assert.Contains("to 1 recipient", sms.TextContent);
        Assert.Contains("Login <failures> & timeouts", sms.QuerySelector(".message-text")!.TextContent);
        Assert.Matches(@"\d+ characters · 1 segment \(GSM-7\)", sms.QuerySelector(".sms-segments")!.TextContent);
        var email = page.Find("[aria-label='Backup email preview']");
        Assert.Contains("Login <failures> & timeouts", email.TextContent);
        // The HTML part is shown sandboxed, escaped as customers will get it.
        var frame = email.QuerySelector("iframe.email-html")!;
        Assert.Equal("", frame.GetAttribute("sandbox"));
        Assert.Contains("Login &lt;failures&gt; &amp; timeouts", frame.GetAttribute("srcdoc"));
        Assert.Contains("<strong>investigating</strong>", frame.GetAttribute("srcdoc"));
        Assert.Empty(Get<IncidentService>().Recent());
    }

    [Fact]
    public void AnOpenPreviewFollowsTheTextAsStaffKeepTyping()
    {
        var page = Render<ManageIncidents>();
        page.Find("#incident-title").Change("Mail delayed");
        page.Find("#incident-body").Input("Queues are growing.");
        page.Find("button.preview-messages").Click();

        page.Find("#incident-body").Input("Queues are draining.");

        Assert.Contains("Queues are draining.", page.Find("[aria-label='Backup email preview'] pre").TextContent);
    }

    [Fact]
    public void SendsOnlyOnTheChannelsStaffLeaveTicked()
    {
        var page = Render<ManageIncidents>();
        page.Find("#incident-title").Change("Mail delayed");
        page.Find("#incident-body").Input("Queues are growing.");
        page.Find("#incident-notify-sms").Change(false);

        page.Find("#new-incident form").Submit();

        var incident = Assert.Single(Get<IncidentService>().Recent());
        var notification = Assert.Single(Get<OutboxReadModel>().RecentNotifications());
        Assert.Equal(notification.Id, incident.Updates[0].NotificationId);
        Assert.Equal([ChannelNames.Email], Get<OutboxReadModel>().Progress(notification.Id).Select(p => p.Channel));
    }

    [Fact]
    public void SaysWhenAChannelDoesNotCarryThisKindOfUpdate()
    {
        var incident = Get<IncidentService>().Open(new NewIncident("Mail delayed", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Editor, PublishChoice.Silent);
        var page = Render<EditIncident>(p => p.Add(x => x.Id, incident.Id));
        page.Find("#update-body").Input("Found it.");

        page.Find("#post-update-form button.preview-messages").Click();

        Assert.Contains("not sent for this kind of update", page.Find("[aria-label='SMS preview']").TextContent);
        Assert.Contains("to 1 recipient", page.Find("[aria-label='Backup email preview']").TextContent);
    }

    [Fact]
    public void PreviewsAMaintenanceNoticeBeforeItIsScheduled()
    {
        var db = Component("Database");
        var page = Render<ManageMaintenance>();
        page.Find("#maintenance-title").Change("Database upgrade");
        page.Find($"input[data-component='{db.Id}']").Change(true);

        page.Find("button.preview-messages").Click();

        Assert.Contains("Scheduled maintenance: Database upgrade", page.Find("[aria-label='Backup email preview']").TextContent);
        Assert.Contains("not sent for this kind of update", page.Find("[aria-label='SMS preview']").TextContent);
        Assert.Empty(Get<StatusHub.Maintenance.MaintenanceService>().All());
    }

    [Fact]
    public void ThePreviewClosesOnceTheMaintenanceIsScheduled()
    {
        var db = Component("Database");
        var page = Render<ManageMaintenance>();
        page.Find("#maintenance-title").Change("Database upgrade");
        var tomorrow = Get<TimeProvider>().GetUtcNow().AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        page.Find("#maintenance-starts").Change($"{tomorrow}T22:00");
        page.Find("#maintenance-ends").Change($"{tomorrow}T23:00");
        page.Find($"input[data-component='{db.Id}']").Change(true);
        page.Find("button.preview-messages").Click();
        Assert.NotEmpty(page.FindAll(".channel-previews"));

        page.Find("#maintenance-form form").Submit();

        Assert.Single(Get<StatusHub.Maintenance.MaintenanceService>().All());
        Assert.Empty(page.FindAll(".channel-previews"));
    }

    [Fact]
    public void CancellingMaintenanceShowsTheNoticeAndSendsOnlyOnTheChannelsStaffLeaveTicked()
    {
        var db = Component("Database");
        var maintenance = Get<MaintenanceService>().Schedule(new MaintenanceDraft("DB upgrade", null, Get<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(1), Get<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(1).AddHours(1), [db.Id]), Editor, PublishChoice.Silent);
        var page = Render<ManageMaintenance>();
        page.Find($"[data-maintenance='{maintenance.Id}'] .cancel-maintenance").Click();

        page.Find($"[data-maintenance='{maintenance.Id}'] button.preview-messages").Click();
        Assert.Contains("DB upgrade", page.Find($"[data-maintenance='{maintenance.Id}'] [aria-label='Backup email preview']").TextContent);
        Assert.Contains("to 1 recipient", page.Find($"[data-maintenance='{maintenance.Id}'] [aria-label='Backup email preview']").TextContent);
        Assert.Contains("cancel", page.Find($"[data-maintenance='{maintenance.Id}'] [aria-label='Backup email preview']").TextContent, StringComparison.OrdinalIgnoreCase);
        page.Find($"#cancel-{maintenance.Id}-notify-email").Change(false);
        page.Find($"[data-maintenance='{maintenance.Id}'] .confirm-cancel").Click();

        Assert.Equal(MaintenanceStatus.Cancelled, Get<MaintenanceService>().Get(maintenance.Id).Status);
        // The one channel that would have carried it was unticked: nothing is sent.
        Assert.Empty(Get<OutboxReadModel>().RecentNotifications());
    }
}
