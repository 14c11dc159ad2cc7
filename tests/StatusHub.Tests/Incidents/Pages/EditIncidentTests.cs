using Bunit;
using StatusHub.Incidents;
using StatusHub.Incidents.Pages;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Incidents.Pages;

public class EditIncidentTests : StaffPageApp
{
    private const string Colleague = "colleague@example.com";

    private Incident OpenIncident(params StatusComponent[] affected) => Store.Incidents.Open(
        new NewIncident("Mail backlog", null, new UpdateDraft(IncidentStatus.Investigating, "Alert fired.", Store.Now.AddHours(-2),
            affected.ToDictionary(c => c.Id, _ => ComponentStatus.MajorOutage))),
        Colleague);

    private IRenderedComponent<EditIncident> RenderPage(Incident incident) => Render<EditIncident>(p => p.Add(x => x.Id, incident.Id));

    [Fact]
    public void ShowsTheTimelineNewestFirstWithAuthorAndLocalTimes()
    {
        var incident = OpenIncident();
        Store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "Found it."), Editor);

        var page = RenderPage(incident);

        Assert.Equal(["Found it.", "Alert fired."], page.FindAll(".timeline-entry .update-body").Select(e => e.TextContent.Trim()));
        var first = page.FindAll(".timeline-entry")[1];
        Assert.Contains($"by {Colleague}", first.TextContent);
        Assert.Equal("Nov 23, 2026 11:00", first.QuerySelector("time")?.TextContent);
        Assert.Equal("2026-11-23 10:00 UTC", first.QuerySelector("time")?.GetAttribute("title"));
    }

    [Fact]
    public void PostsAnUpdateWithComponentStatuses()
    {
        var mail = Store.Component("Mail delivery");
        var incident = OpenIncident(mail);
        var page = RenderPage(incident);

        page.Find("#update-status").Change(nameof(IncidentStatus.Monitoring));
        page.Find("#update-body").Input("Backlog draining.");
        page.Find($"#update-component-{mail.Id}").Change("degraded_performance");
        page.Find("#post-update-form").Submit();

        var saved = Store.Incidents.Get(incident.Id);
        var update = saved.LatestUpdate!;
        Assert.Equal((IncidentStatus.Monitoring, "Backlog draining.", Editor, Store.Now), (update.Status, update.Body, update.Author, update.DisplayAt));
        Assert.Equal(ComponentStatus.DegradedPerformance, Store.Components.Get(mail.Id).Status);
        Assert.Equal("Backlog draining.", page.Find(".timeline-entry .update-body").TextContent.Trim());
        Assert.Null(page.Find("#update-body").GetAttribute("value"));
    }

    [Fact]
    public void OffersBackTextTheBrowserKeptAndForgetsItOncePosted()
    {
        var incident = OpenIncident();
        var kept = JSInterop.SetUpStaffBrowser(new StatusHub.Components.Forms.BrowserZone("UTC", 0));
        kept.Setup<StatusHub.Markdown.MarkdownEditor.KeptText?>("read", call => Equals(call.Arguments[0], "update-body"))
            .SetResult(new StatusHub.Markdown.MarkdownEditor.KeptText(Store.Now, "Typed while the connection was down."));
        var page = RenderPage(incident);

        Assert.Contains("may not have been saved", page.Find(".kept-text").TextContent);
        page.Find(".restore-kept").Click();
        Assert.Equal("Typed while the connection was down.", page.Find("#update-body").GetAttribute("value"));
        page.Find("#post-update-form").Submit();

        Assert.Equal("Typed while the connection was down.", Store.Incidents.Get(incident.Id).LatestUpdate!.Body);
        Assert.Empty(page.FindAll(".kept-text"));
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "forget" && Equals(i.Arguments[0], "update-body"));
        Assert.True(page.Find("#update-body").HasAttribute("data-keep"));
    }

    [Fact]
    public void RefusesAnUpdateDatedInTheFutureAndSavesNothing()
    {
        var incident = OpenIncident();
        var page = RenderPage(incident);

        page.Find("#update-body").Input("From the future.");
        page.Find("#update-time").Change("2026-11-23T13:30");
        page.Find("#post-update-form").Submit();

        Assert.Contains("An update cannot describe the future", page.Find("#post-update-form [role=alert]").TextContent);
        Assert.Single(Store.Incidents.Get(incident.Id).Updates);
    }

    [Fact]
    public void EditingAnUpdateKeepsTheEarlierWordingAsARevision()
    {
        var incident = OpenIncident();
        var original = incident.Updates.Single();
        var page = RenderPage(incident);

        page.Find($"[data-update='{original.Id}'] .edit-update").Click();
        page.Find("#edit-update-body").Input("Alert fired at 10:00 UTC.");
        page.Find(".edit-update-form").Submit();

        var corrected = Store.Incidents.Get(incident.Id).Updates.Single();
        Assert.Equal("Alert fired at 10:00 UTC.", corrected.Body);
        var revision = Assert.Single(corrected.Revisions);
        Assert.Equal(("Alert fired.", Editor, original.DisplayAt), (revision.Body, revision.EditedBy, revision.DisplayAt));
        var entry = page.Find($"[data-update='{original.Id}']");
        Assert.Equal("edited", entry.QuerySelector(".badge.edited")?.TextContent);
        Assert.Equal("Alert fired.", entry.QuerySelector("details.revisions .revision-body")?.TextContent.Trim());
    }

    [Fact]
    public void ResolvesWithTheDefaultClosingUpdate()
    {
        var mail = Store.Component("Mail delivery");
        var incident = OpenIncident(mail);
        var page = RenderPage(incident);

        Assert.Equal("This incident has been resolved.", page.Find("#resolve-body").GetAttribute("value"));
        page.Find("#resolve-form").Submit();

        var saved = Store.Incidents.Get(incident.Id);
        Assert.True(saved.IsResolved);
        Assert.Equal(("This incident has been resolved.", Editor), (saved.LatestUpdate!.Body, saved.LatestUpdate.Author));
        Assert.Equal(ComponentStatus.Operational, Store.Components.Get(mail.Id).Status);
        Assert.Empty(page.FindAll("#resolve-form"));
        Assert.Equal("Resolved", page.Find(".incident-status").TextContent);
    }

    [Fact]
    public void ShowsTheConflictMessageReloadsAndKeepsWhatWasTyped()
    {
        var incident = OpenIncident();
        var page = RenderPage(incident);
        page.Find("#update-body").Input("Our own findings.");

        Store.Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "Colleague was faster."), Colleague);
        page.Find("#post-update-form").Submit();

        var message = page.Find("#post-update-form [role=alert]").TextContent;
        Assert.Contains("was changed by someone else while you were editing it", message);
        Assert.EndsWith("The page now shows the latest version; what you typed is still here.", message.Trim());
        Assert.DoesNotContain("Reload", message);
        Assert.Contains("Colleague was faster.", page.Find(".timeline").TextContent);
        Assert.Equal("Our own findings.", page.Find("#update-body").GetAttribute("value"));
        Assert.Equal(2, Store.Incidents.Get(incident.Id).Updates.Count);

        page.Find("#post-update-form").Submit();

        Assert.Equal("Our own findings.", Store.Incidents.Get(incident.Id).LatestUpdate!.Body);
        Assert.Empty(page.FindAll("#post-update-form [role=alert]"));
    }

    [Fact]
    public void ShowsAColleaguesCorrectionWhenItWinsTheRaceToTheSameUpdate()
    {
        var incident = OpenIncident();
        var update = incident.Updates.Single();
        var page = RenderPage(incident);
        page.Find($"[data-update='{update.Id}'] .edit-update").Click();
        page.Find("#edit-update-body").Input("My correction.");

        Store.Incidents.EditUpdate(incident.Id, incident.Version, update.Id, "Their correction.", null, Colleague);
        page.Find(".edit-update-form").Submit();

        Assert.Contains("was changed by someone else", page.Find(".edit-update-form [role=alert]").TextContent);
        Assert.Equal("Their correction.", page.Find(".saved-meanwhile .update-body").TextContent.Trim());
        Assert.Equal("My correction.", page.Find("#edit-update-body").GetAttribute("value"));
        Assert.Equal("Their correction.", Store.Incidents.Get(incident.Id).Updates.Single().Body);
    }

    [Fact]
    public void EditsTitleImpactAndAffectedComponents()
    {
        var mail = Store.Component("Mail delivery");
        var web = Store.Component("Webmail");
        var incident = OpenIncident(mail);
        var page = RenderPage(incident);

        page.Find(".edit-details").Click();
        page.Find("#details-title").Change("Mail delayed");
        page.Find("#details-impact").Change(nameof(IncidentImpact.Minor));
        page.Find($"#details-form input[data-component='{web.Id}']").Change(true);
        page.Find("#details-form").Submit();

        var saved = Store.Incidents.Get(incident.Id);
        Assert.Equal(("Mail delayed", IncidentImpact.Minor), (saved.Title, saved.Impact));
        Assert.Equal([mail.Id, web.Id], saved.ComponentIds);
        Assert.Equal("Mail delayed", page.Find("h1").TextContent);
    }

    [Fact]
    public void SaysSoForAnUnknownIncident()
    {
        var page = Render<EditIncident>(p => p.Add(x => x.Id, "nosuchincident"));

        Assert.Contains("There is no incident with id 'nosuchincident'", page.Find("[role=alert]").TextContent);
    }
}
