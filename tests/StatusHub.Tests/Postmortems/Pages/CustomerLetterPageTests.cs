using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Postmortems.Pages;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Postmortems.Pages;

public class CustomerLetterPageTests : PostmortemPageApp
{
    private string PublishedId()
    {
        var incident = Store.ResolvedIncident();
        var inReview = Postmortems.ReadyForReview(incident);
        Postmortems.Publish(incident.Id, inReview.Version, PostmortemApp.Admin);
        return incident.Id;
    }

    [Fact]
    public void ChecksAPastedListRowByRow()
    {
        var page = Render<CustomerLetter>(p => p.Add(x => x.Id, PublishedId()));

        page.Find("#letter-list").Change("ada@example.org\nnot an address\nADA@example.org\ncarol@example.org");
        page.Find(".check-list").Click();

        Assert.Equal("2 addresses accepted, 2 not.", page.Find(".list-accepted").TextContent);
        Assert.Equal(
            ["2 not an address not an email address", "3 ADA@example.org repeats row 1"],
            page.FindAll(".letter-rejects tbody tr").Select(r => string.Join(" ", r.QuerySelectorAll("td").Select(td => td.TextContent))));
    }

    [Fact]
    public void PreviewsTheLetterWithTheNoteAndTheTelegramLinks()
    {
        var page = Render<CustomerLetter>(p => p.Add(x => x.Id, PublishedId()));

        page.Find("#letter-note").Input("We owe you an **explanation**.");
        page.Find(".preview-letter").Click();

        Assert.Equal("[StatusHub] We are sorry: Mail delivery delayed", page.Find(".letter-subject").TextContent);
        var text = page.Find(".letter-preview pre").TextContent;
        Assert.Contains("We owe you an explanation.", text);
        Assert.Contains("A full disk on one mail server delayed mail for two hours.", text);
        Assert.Contains("https://t.me/examplestatus", text);
        Assert.Contains("https://t.me/+group", text);
    }

    [Fact]
    public void SaysTheEmailChannelIsOffAndThatOnlyAdminsSend()
    {
        var page = Render<CustomerLetter>(p => p.Add(x => x.Id, PublishedId()));

        Assert.Contains("The backup email channel is off", page.Find("[role=alert]").TextContent);
        Assert.Equal("Only an admin can send a customer letter.", page.Find(".only-admins").TextContent);
        Assert.Empty(page.FindAll(".send-letter"));
    }

    [Fact]
    public void AnAdminCannotSendWhileTheEmailChannelIsOff()
    {
        SignInAsAdmin();

        var page = Render<CustomerLetter>(p => p.Add(x => x.Id, PublishedId()));

        Assert.True(page.Find(".send-letter").HasAttribute("disabled"));
    }

    [Fact]
    public void ASecondSendLeavesOutWhoeverTheFirstReachedAndSaysSo()
    {
        // The email channel on, as far as queuing goes: nothing here sends (no dispatcher runs in these tests).
        using var channels = new ChannelApp(Store, settings: new Dictionary<string, string?> { ["Email:From"] = "status@example.net", ["Email:Smtp:Host"] = "127.0.0.1" });
        Services.AddSingleton(channels.Publisher);
        new SubscriberService(Store.Store, Store.Time, Options.Create(new SubscribersOptions())).AddConfirmed(ChannelNames.Email, "ada@example.org", true, null, PostmortemApp.Admin);
        SignInAsAdmin();
        var page = Render<CustomerLetter>(p => p.Add(x => x.Id, PublishedId()));

        page.Find(".send-letter").Click();
        page.Find(".confirm-send").Click();
        Assert.Equal("Queued to 1 address; progress is on the Notifications page.", page.Find(".letter-sent").TextContent);

        page.Find("#letter-list").Change("ada@example.org\nnew@example.org");
        page.Find(".check-list").Click();
        page.Find(".send-letter").Click();
        Assert.Contains("Whoever an earlier letter of this post-mortem reached is left out.", page.Find(".confirm").TextContent);
        page.Find(".confirm-send").Click();

        Assert.Equal(
            "Queued to 1 address (1 already had an earlier letter of this post-mortem and was left out); progress is on the Notifications page.",
            page.Find(".letter-sent").TextContent);
        Assert.Equal(2, page.FindAll(".sent-letters li").Count);
    }

    [Fact]
    public void TheQuestionBeforeSendingCountsTheListAndShowsTheLetterAsTheyAreNow()
    {
        using var channels = new ChannelApp(Store, settings: new Dictionary<string, string?> { ["Email:From"] = "status@example.net", ["Email:Smtp:Host"] = "127.0.0.1" });
        Services.AddSingleton(channels.Publisher);
        SignInAsAdmin();
        var page = Render<CustomerLetter>(p => p.Add(x => x.Id, PublishedId()));
        page.Find("#letter-list").Change("a@example.org\nb@example.org");
        page.Find(".check-list").Click();
        page.Find("#letter-note").Input("Sorry.");
        page.Find(".preview-letter").Click();

        // Staff add an address and reword the note after checking and previewing, then send.
        page.Find("#letter-list").Change("a@example.org\nb@example.org\nc@example.org");
        page.Find("#letter-note").Input("We are truly sorry.");
        page.Find(".send-letter").Click();

        Assert.Contains("3 listed addresses", page.Find(".confirm").TextContent);
        Assert.Contains("We are truly sorry.", page.Find(".letter-preview pre").TextContent);
        page.Find("#letter-list").Change("a@example.org");
        Assert.Empty(page.FindAll(".confirm"));
        page.Find(".send-letter").Click();
        page.Find(".confirm-send").Click();
        Assert.StartsWith("Queued to 1 address", page.Find(".letter-sent").TextContent);
    }

    [Fact]
    public void AnUnpublishedPostmortemHasNoLetterYet()
    {
        var incident = Store.ResolvedIncident();
        Postmortems.Start(incident.Id, "full", Editor);

        var page = Render<CustomerLetter>(p => p.Add(x => x.Id, incident.Id));

        Assert.Contains("publish the post-mortem first", page.Find("[role=alert]").TextContent);
    }
}
