using Bunit;
using StatusHub.Incidents;
using StatusHub.Postmortems;
using StatusHub.Postmortems.Pages;

namespace StatusHub.Tests.Postmortems.Pages;

public class EditPostmortemTests : PostmortemPageApp
{
    [Fact]
    public void OffersTheSkeletonsForAResolvedIncidentAndStartsFromTheChosenOne()
    {
        var incident = Store.ResolvedIncident();
        var page = RenderEditor(incident.Id);

        Assert.Equal(["full", "short"], page.FindAll("input[name=skeleton]").Select(i => i.GetAttribute("value")));
        page.Find("input[value=short]").Change("short");
        page.Find("#start-form").Submit();

        var started = Postmortems.Get(incident.Id);
        Assert.Equal(("short", Editor), (started.Skeleton, started.CreatedBy));
        Assert.Equal(started.Body, page.Find("#pm-body").GetAttribute("value") ?? page.Find("#pm-body").TextContent);
        Assert.Equal("Draft", page.Find(".postmortem-status").TextContent);
    }

    [Fact]
    public void SaysAnIncidentMustBeResolvedFirst()
    {
        var incident = Store.Incidents.Open(new NewIncident("Still burning", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "oncall@example.com");

        var page = RenderEditor(incident.Id);

        Assert.Contains("not resolved yet", page.Find("[role=alert]").TextContent);
        Assert.Empty(page.FindAll("#start-form"));
    }

    [Fact]
    public void SavesWhatIsTypedOnceTypingPauses()
    {
        var incident = Store.ResolvedIncident();
        var started = Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find("#pm-short-story").Input("A full disk");
        Store.Time.Advance(TimeSpan.FromSeconds(1));
        page.Find("#pm-short-story").Input("A full disk delayed mail.");
        Store.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(started.Version, Postmortems.Get(incident.Id).Version);
        Assert.Contains("Unsaved changes", page.Find(".save-state").TextContent);

        Store.Time.Advance(PostmortemAutosave.Delay);

        page.WaitForAssertion(() => Assert.Equal("A full disk delayed mail.", Postmortems.Get(incident.Id).ShortStory));
        Assert.Equal(started.Version + 1, Postmortems.Get(incident.Id).Version);
        page.WaitForAssertion(() => Assert.Contains("All changes saved at 13:00:04", page.Find(".save-state").TextContent));
    }

    [Fact]
    public void SavesAtLeastEveryTenSecondsWhileSomeoneKeepsTyping()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        for (var i = 1; i <= 12; i++)
        {
            page.Find("#pm-title").Input($"Mail delayed {i}");
            Store.Time.Advance(TimeSpan.FromSeconds(1));
        }

        page.WaitForAssertion(() => Assert.StartsWith("Mail delayed 1", Postmortems.Get(incident.Id).Title));
        Assert.NotEqual("Mail delayed 12", Postmortems.Get(incident.Id).Title);
    }

    [Fact]
    public async Task SavesWhatWasTypedWhenThePageGoesAway()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find("#pm-data-loss").Input("No data was lost.");
        await DisposeComponentsAsync();

        Assert.Equal("No data was lost.", Postmortems.Get(incident.Id).DataLoss);
    }

    [Fact]
    public void KeepsTheTypedTextAndOffersAChoiceWhenSomeoneElseSavedMeanwhile()
    {
        var incident = Store.ResolvedIncident();
        var started = Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);
        Postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with { Title = "Their title" }, "colleague@example.com");

        page.Find("#pm-title").Input("My title");
        Store.Time.Advance(PostmortemAutosave.Delay);

        page.WaitForAssertion(() => Assert.Contains("changed by someone else", page.Find(".save-conflict").TextContent));
        Assert.Equal("My title", page.Find("#pm-title").GetAttribute("value"));
        Assert.Equal("Their title", Postmortems.Get(incident.Id).Title);

        page.Find(".keep-mine").Click();

        Assert.Equal("My title", Postmortems.Get(incident.Id).Title);
        Assert.Empty(page.FindAll(".save-conflict"));
    }

    [Fact]
    public void ShowsTheRefusalOfAnOversizedFieldAndKeepsTheText()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);
        var tooLong = new string('x', Postmortem.MaxCustomerImpactLength + 1);

        page.Find("#pm-customer-impact").Input(tooLong);
        Store.Time.Advance(PostmortemAutosave.Delay);

        page.WaitForAssertion(() => Assert.Contains("Customer impact sentence is too long: 501 characters, at most 500.", page.Find("[role=alert]").TextContent));
        Assert.Equal(tooLong, page.Find("#pm-customer-impact").GetAttribute("value"));
    }

    [Fact]
    public void OffersTextThisBrowserKeptThatNeverReachedTheServerAndSavesItWhenRestored()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        BrowserCopy.Setup<PostmortemBrowserCopy.Kept?>("read", _ => true).SetResult(new PostmortemBrowserCopy.Kept(
            new DateTime(2026, 11, 23, 11, 30, 0, DateTimeKind.Utc),
            new Dictionary<string, string> { ["pm-short-story"] = "Typed while the connection was down.", ["pm-faq-q-0"] = "Why?", ["pm-faq-a-0"] = "A disk." }));

        var page = RenderEditor(incident.Id);
        page.WaitForAssertion(() => Assert.Contains("Nov 23, 2026 12:30", page.Find(".kept-locally").TextContent));
        page.Find(".restore-local").Click();

        var saved = Postmortems.Get(incident.Id);
        Assert.Equal("Typed while the connection was down.", saved.ShortStory);
        Assert.Equal([new FaqEntry("Why?", "A disk.")], saved.Faq);
        Assert.Contains(BrowserCopy.Invocations, i => i.Identifier == "keep");
        Assert.Contains(BrowserCopy.Invocations, i => i.Identifier == "settle");
    }

    [Fact]
    public void ForgetsABrowserCopyThatMatchesWhatIsSaved()
    {
        var incident = Store.ResolvedIncident();
        var started = Postmortems.Start(incident.Id, "full", Editor);
        BrowserCopy.Setup<PostmortemBrowserCopy.Kept?>("read", _ => true).SetResult(new PostmortemBrowserCopy.Kept(
            Store.Now, new Dictionary<string, string> { ["pm-title"] = started.Title, ["pm-body"] = started.Body }));

        var page = RenderEditor(incident.Id);

        page.WaitForAssertion(() => Assert.Contains(BrowserCopy.Invocations, i => i.Identifier == "forget"));
        Assert.Empty(page.FindAll(".kept-locally"));
    }

    [Fact]
    public void ShowsTheComputedImpactWithTheStaffSentenceOnTop()
    {
        var mail = Store.Component("Mail delivery");
        var incident = Store.ResolvedIncident(mail);
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find("#pm-customer-impact").Input("Mail sent in those two hours arrived late.");

        Assert.Equal("Mail sent in those two hours arrived late.", page.Find(".customer-impact").TextContent);
        Assert.Equal("2 hours", page.Find(".impact-duration").TextContent);
        Assert.Equal("Major outage", page.Find(".impact-worst").TextContent.Trim());
        var row = page.Find($".impact-table tr[data-component-id='{mail.Id}']");
        Assert.Contains("Mail delivery", row.TextContent);
        Assert.Contains("Major outage 2 hours", row.QuerySelector(".status-times")!.TextContent.Replace("\n", " ", StringComparison.Ordinal));
    }

    [Fact]
    public void AddsAnInternalEventToTheTimelineThatThePreviewLeavesOut()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find("#event-time").Change("2026-11-23T11:30");
        page.Find("#event-text").Input("Disk alert fired; the pager was muted.");
        page.Find("#add-event-form").Submit();

        var added = Assert.Single(Postmortems.Get(incident.Id).Events);
        Assert.Equal((new DateTime(2026, 11, 23, 10, 30, 0, DateTimeKind.Utc), false), (added.At, added.IsPublic));
        var entry = page.Find($"[data-event='{added.Id}']");
        Assert.Equal("internal", entry.QuerySelector(".badge")!.TextContent);
        Assert.Equal(["Investigating", "", "Resolved"], page.FindAll(".staff-timeline .postmortem-entry").Select(e => e.QuerySelector("strong")?.TextContent ?? ""));

        page.Find(".show-preview").Click();
        Assert.DoesNotContain("pager was muted", page.Find(".postmortem-preview").TextContent);

        page.Find($"[data-event='{added.Id}'] .toggle-event").Click();
        Assert.True(Postmortems.Get(incident.Id).Events.Single().IsPublic);
        Assert.Contains("pager was muted", page.Find(".postmortem-preview").TextContent);

        page.Find($"[data-event='{added.Id}'] .remove-event").Click();
        Assert.Empty(Postmortems.Get(incident.Id).Events);
    }

    [Fact]
    public void RefusesAnEventInTheFutureAndKeepsSavingTheRest()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find("#pm-title").Input("Mail delayed for two hours");
        page.Find("#event-time").Change("2026-11-23T14:00");
        page.Find("#event-text").Input("From the future.");
        page.Find("#add-event-form").Submit();

        Assert.Contains("cannot be in the future", page.Find("#add-event-form [role=alert]").TextContent);
        var saved = Postmortems.Get(incident.Id);
        Assert.Empty(saved.Events);
        Assert.Equal("Mail delayed for two hours", saved.Title);
    }

    [Fact]
    public void AddsAnActionItemWithOwnerAndDueDateAndMovesItAlong()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find("#item-description").Change("Alert when a mail queue disk is 80 % full.");
        page.Find("#item-owner").Change("Dana");
        page.Find("#item-due").Change("2026-12-01");
        page.Find("#add-item-form").Submit();

        var item = Assert.Single(Postmortems.Get(incident.Id).ActionItems);
        Assert.Equal(("Dana", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), ActionItemStatus.Open, true), (item.Owner, item.DueOn, item.Status, item.IsPublic));

        page.Find($"tr[data-item='{item.Id}'] .item-status").Change(nameof(ActionItemStatus.InProgress));
        page.Find($"tr[data-item='{item.Id}'] .item-public").Change(false);

        var moved = Postmortems.Get(incident.Id).ActionItems.Single();
        Assert.Equal((ActionItemStatus.InProgress, false), (moved.Status, moved.IsPublic));
    }

    [Fact]
    public void RefusesAnActionItemWithoutADescription()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find("#item-owner").Change("Dana");
        page.Find("#add-item-form").Submit();

        Assert.Contains("Action item description is required.", page.Find("#add-item-form [role=alert]").TextContent);
        Assert.Empty(Postmortems.Get(incident.Id).ActionItems);
    }

    [Fact]
    public void AddsQuestionsAndAnswersThatThePreviewListsInOrder()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find(".add-faq").Click();
        page.Find("#pm-faq-q-0").Input("Was my mail read by anyone?");
        page.Find("#pm-faq-a-0").Input("No. It waited, **encrypted**, in our queue.");
        page.Find(".add-faq").Click();
        page.Find("#pm-faq-q-1").Input("Do I need to resend anything?");
        page.Find("#pm-faq-a-1").Input("No.");
        page.Find(".show-preview").Click();

        Assert.Equal([new FaqEntry("Was my mail read by anyone?", "No. It waited, **encrypted**, in our queue."), new FaqEntry("Do I need to resend anything?", "No.")], Postmortems.Get(incident.Id).Faq);
        Assert.Equal(["Was my mail read by anyone?", "Do I need to resend anything?"], page.FindAll(".postmortem-preview .faq dt").Select(e => e.TextContent));
        Assert.Equal("<p>No. It waited, <strong>encrypted</strong>, in our queue.</p>", page.FindAll(".postmortem-preview .faq dd")[0].InnerHtml.Trim());

        page.FindAll(".remove-faq")[0].Click();

        Assert.Equal([new FaqEntry("Do I need to resend anything?", "No.")], Postmortems.Get(incident.Id).Faq);
    }

    [Fact]
    public void AnEditorSendsForReviewButCannotPublish()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find(".send-for-review").Click();

        Assert.Equal(PostmortemStatus.InReview, Postmortems.Get(incident.Id).Status);
        Assert.Equal("In review", page.Find(".postmortem-status").TextContent);
        Assert.Empty(page.FindAll("#publish-form"));
        Assert.Equal("Only an admin can publish.", page.Find(".only-admins").TextContent);
    }

    [Fact]
    public void AnAdminSeesWhatStillBlocksPublishingAndThenPublishes()
    {
        SignInAsAdmin();
        var incident = Store.ResolvedIncident();
        Postmortems.SendForReview(incident.Id, Postmortems.Start(incident.Id, "full", Editor).Version, Editor);
        var page = RenderEditor(incident.Id);

        Assert.Contains("Answer \"Was any data lost?\"", page.Find(".publish-problems").TextContent);
        page.Find("#publish-form").Submit();
        Assert.Contains("Write the short story", page.Find("#publish-form [role=alert]").TextContent);

        page.Find("#pm-short-story").Input("A full disk delayed mail for two hours.");
        page.Find("#pm-data-loss").Input("No mail was lost.");
        page.Find("#publish-form").Submit();
        Assert.Contains("Replace the skeleton's guidance (the lines in italics) under \"What happened\", \"Root cause and trigger\"", page.Find("#publish-form [role=alert]").TextContent);

        page.Find("#pm-body").Input(PostmortemApp.Written(Postmortems.Get(incident.Id).Body));
        page.Find("#publish-form").Submit();

        var published = Postmortems.Published(incident.Id)!;
        Assert.Equal(("A full disk delayed mail for two hours.", "No mail was lost.", 1), (published.ShortStory, published.DataLoss, published.Number));
        Assert.Equal("Published", page.Find(".postmortem-status").TextContent);
        Assert.Equal("Version 1, published Nov 23, 2026 13:00 by admin@example.com", page.Find("[data-version='1'] .item-main").TextContent.Trim());
        Assert.True(page.Find("#publish-form button.publish").HasAttribute("disabled"));

        page.Find("#pm-short-story").Input("A full disk delayed mail for two hours; we now alert early.");
        Store.Time.Advance(PostmortemAutosave.Delay);
        page.WaitForAssertion(() => Assert.Equal("changes not published yet", page.Find(".unpublished").TextContent));
        Assert.Equal("Publish the changes", page.Find("#publish-form button.publish").TextContent.Trim());
    }

    [Fact]
    public void TheBodysLivePreviewFillsTheSectionMarkersAsPublishingWill()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find("#pm-body").Input("## What we saw\n\n{{ impact }}\n\n## When\n\n{{ timeline }}\n\nTyped just now.");

        var preview = page.Find("[aria-label='Preview of Post-mortem']");
        Assert.DoesNotContain("{{", preview.TextContent);
        Assert.NotNull(preview.QuerySelector(".postmortem-impact .impact-duration"));
        Assert.NotEmpty(preview.QuerySelectorAll("ol.postmortem-timeline .postmortem-entry"));
        Assert.Contains("Typed just now.", preview.TextContent);
    }

    [Fact]
    public void ThePreviewsInsideTheEditorLeaveThePageOneTitleAndNoSecondTitleId()
    {
        var incident = Store.ResolvedIncident();
        var started = Postmortems.Start(incident.Id, "full", Editor);
        var page = RenderEditor(incident.Id);

        page.Find(".show-preview").Click();

        Assert.Equal([started.Title], page.FindAll("h1").Select(h => h.TextContent));
        Assert.Empty(page.FindAll("#postmortem-title"));
        Assert.Equal(started.Title, page.Find("[aria-label='Preview of Post-mortem'] .postmortem-title").TextContent);
        Assert.Equal(started.Title, page.Find(".postmortem-preview .postmortem-title").TextContent);
    }
}
