using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels.Webhooks;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Staff.Pages;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Staff.Pages;

public class DashboardTests : StaffPageApp
{
    [Fact]
    public void ShowsOverallStatusUnresolvedIncidentsAndUpcomingMaintenance()
    {
        var api = Store.Component("API");
        var incident = Store.Incidents.Open(new NewIncident("API errors", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.", null,
            new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.PartialOutage })), Editor);
        Store.Maintenance.Schedule(new MaintenanceDraft("Upgrade", null, Store.Now.AddDays(1), Store.Now.AddDays(1).AddHours(1), [api.Id]), Editor);

        var page = Render<Dashboard>();

        Assert.Equal("Partial System Outage", page.Find(".overall strong").TextContent);
        Assert.Equal($"admin/incidents/{incident.Id}", page.Find($"[data-incident='{incident.Id}'] a").GetAttribute("href"));
        Assert.Contains("Upgrade", page.Find("[data-maintenance]").TextContent);
    }

    [Fact]
    public void ShowsOpenDraftsAndPublishesOneAsTheSignedInStaffMember()
    {
        using var channels = new ChannelApp(Store, webhooks: new WebhookOptions { Secret = "whsec" });
        Services.AddSingleton(channels.Publisher);
        var mail = Store.Component("Outbound mail");
        var suggestions = Store.Get<StatusHub.Incidents.Suggestions.IncidentSuggestions>();
        var draft = suggestions.Suggest("alertmanager", "am:1", [mail.Id], IncidentImpact.Major, "Mail queue growing", "We are looking into delayed mail.", "SmtpQueueGrowing");

        var page = Render<Dashboard>();

        Assert.Contains("Draft — suggested by alertmanager", page.Find($"[data-draft='{draft.Id}']").TextContent);
        Assert.Contains("Mail queue growing", page.Find($"[data-draft='{draft.Id}']").TextContent);
        Assert.Empty(Store.Incidents.Recent());
        page.FindAll($"[data-draft='{draft.Id}'] button").Single(b => b.TextContent == "Publish…").Click();

        // The first click shows what each channel will send and publishes nothing.
        Assert.Empty(Store.Incidents.Recent());
        var webhook = page.Find($"[data-draft='{draft.Id}'] .channel-preview[aria-label='Webhooks preview']");
        Assert.Contains("Mail queue growing", webhook.TextContent);
        Assert.Contains("partial_outage", webhook.TextContent);
        page.Find($"[data-draft='{draft.Id}'] button.confirm-publish").Click();

        var incident = Assert.Single(Store.Incidents.Recent());
        Assert.Equal("Mail queue growing", incident.Title);
        Assert.Equal(Editor, incident.Updates[0].Author);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-draft]")));
    }

    [Fact]
    public void HundredsOfDraftsFromANoisyMonitorArePagedNewestFirst()
    {
        var suggestions = Store.Get<StatusHub.Incidents.Suggestions.IncidentSuggestions>();
        var drafts = Enumerable.Range(0, 30).Select(i =>
        {
            Store.Time.Advance(TimeSpan.FromSeconds(1));
            return suggestions.Suggest("alertmanager", $"am:{i}", [], IncidentImpact.Minor, $"Queue {i} stuck", "We are looking into it.", "QueueStuck");
        }).ToList();

        var page = Render<Dashboard>();
        var first = page.FindAll("[data-draft]").Select(d => d.GetAttribute("data-draft")).ToList();
        var range = page.Find("[data-draft-range]").TextContent;
        page.FindAll("button").Single(b => b.TextContent == "Older").Click();
        var second = page.FindAll("[data-draft]").Select(d => d.GetAttribute("data-draft")).ToList();

        Assert.Equal(drafts.AsEnumerable().Reverse().Take(25).Select(d => d.Id), first);
        Assert.Contains("Drafts 1–25 of 30", range);
        Assert.Equal(drafts.Take(5).Reverse().Select(d => d.Id), second);
        Assert.Contains("Drafts 26–30 of 30", page.Find("[data-draft-range]").TextContent);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent == "Older");
        Assert.Single(page.FindAll("button"), b => b.TextContent == "Newer");
    }

    [Fact]
    public void ADismissedDraftIsListedAsMutedUntilStaffLiftTheMute()
    {
        var mail = Store.Component("Outbound mail");
        var suggestions = Store.Get<StatusHub.Incidents.Suggestions.IncidentSuggestions>();
        var draft = suggestions.Suggest("alertmanager", "am:1", [mail.Id], IncidentImpact.Major, "Mail queue growing", "We are looking into delayed mail.", "SmtpQueueGrowing");
        var page = Render<Dashboard>();

        page.FindAll($"[data-draft='{draft.Id}'] button").Single(b => b.TextContent == "Dismiss").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-draft]")));
        var muted = page.Find($"[data-muted='{draft.Id}']");
        Assert.Contains($"dismissed by {Editor}, muted until", muted.TextContent);
        Assert.Equal("Mail queue growing", muted.QuerySelector("span")!.TextContent);
        page.Find($"[data-muted='{draft.Id}'] button.unmute").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-muted]")));
        Assert.Empty(suggestions.Muted());
        Assert.Null(suggestions.Get(draft.Id).MutedUntil);
    }

    [Fact]
    public void ShowsTheLastBackupAndHowOldItIs()
    {
        using var folder = new TempFolder();
        Assert.Contains("No backup yet", Render<Dashboard>().Find("[data-backup='none']").TextContent);

        Store.Get<StatusHub.Backups.BackupService>().Write(folder.File("nightly.bak"), "scheduled backup");
        Store.Time.Advance(TimeSpan.FromHours(5));
        var page = Render<Dashboard>();

        var last = page.Find("[data-backup='last']").TextContent;
        Assert.Contains("Last backup 5 h ago", last);
        Assert.Contains("nightly.bak", last);
        Assert.Contains("by scheduled backup", last);
        Assert.Contains("Scheduled backups are off", page.Find("[data-backup='schedule']").TextContent);
    }

    [Fact]
    public void PicksUpAnotherStaffMembersWriteWithoutAReload()
    {
        var page = Render<Dashboard>();
        Assert.Empty(page.FindAll("[data-incident]"));

        var incident = Store.Incidents.Open(new NewIncident("Login failures", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "someone@example.com");

        page.WaitForAssertion(() => Assert.Single(page.FindAll($"[data-incident='{incident.Id}']")));
        Assert.Equal("Partial System Outage", page.Find(".overall strong").TextContent);
    }

    [Fact]
    public void WarnsWhenNoNotificationChannelIsConfiguredAndLinksToTheChannelsPage()
    {
        var page = Render<Dashboard>();

        var warning = page.Find(".no-channels[role=alert]");
        Assert.Contains("No notification channel is configured", warning.TextContent);
        Assert.Equal("admin/channels", warning.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void DoesNotWarnOnceAChannelIsConfigured()
    {
        using var channels = new ChannelApp(Store, webhooks: new WebhookOptions { Secret = "whsec" });
        Services.AddSingleton(channels.Publisher);

        var page = Render<Dashboard>();

        Assert.Empty(page.FindAll(".no-channels"));
    }
}
