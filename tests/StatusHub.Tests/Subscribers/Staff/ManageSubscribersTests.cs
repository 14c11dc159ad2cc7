using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;
using StatusHub.Tests.Channels.Pages;

namespace StatusHub.Tests.Subscribers.Staff;

public class ManageSubscribersTests : ChannelPageApp
{
    public ManageSubscribersTests()
    {
        foreach (var type in new[] { typeof(SubscriberService), typeof(SubscriberDirectory), typeof(SubscriberImport), typeof(SubscriberImportJobs), typeof(SubscriberEnrolment), typeof(PageLanguage) })
        {
            Services.AddSingleton(type, App.Services.GetRequiredService(type));
        }
    }

    private SubscriberService Subscribers => Get<SubscriberService>();

    [Fact]
    public void CountsSubscribersPerChannelAndState()
    {
        Subscribers.AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, Editor);
        Subscribers.AddConfirmed(ChannelNames.Email, "bob@example.com", true, null, Editor);
        Subscribers.StartSignUp(ChannelNames.Email, "carol@example.com", true, null, "secret", TimeSpan.FromDays(1));
        Subscribers.AddConfirmed(ChannelNames.Email, "dan@example.com", true, null, Editor);
        Subscribers.Remove("email:dan@example.com", Editor);
        Get<LiteStore>().Collection<FailingTarget>().Insert(new FailingTarget { Id = "email:bob@example.com", Channel = ChannelNames.Email, Target = "bob@example.com" });

        var page = Render<ManageSubscribers>();

        var email = page.Find("table.subscriber-counts tr[data-channel='email']");
        Assert.Equal(("1", "1", "1", "1"), (email.QuerySelector(".pending")!.TextContent, email.QuerySelector(".active")!.TextContent,
            email.QuerySelector(".failing")!.TextContent, email.QuerySelector(".unsubscribed")!.TextContent));
        Assert.Equal("failing", page.Find("tr[data-subscriber='email:bob@example.com'] .state").TextContent);
    }

    [Fact]
    public void SearchesByAddressPrefixChannelAndState()
    {
        Subscribers.AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, Editor);
        Subscribers.AddConfirmed(ChannelNames.Email, "annie@example.com", true, null, Editor);
        Subscribers.AddConfirmed(ChannelNames.Email, "bob@example.com", true, null, Editor);
        Subscribers.StartSignUp(ChannelNames.Email, "anna@example.com", true, null, "secret", TimeSpan.FromDays(1));
        var page = Render<ManageSubscribers>();

        page.Find("#search").Change("ANN");
        page.Find("#subscriber-search").Submit();
        Assert.Equal(["email:ann@example.com", "email:anna@example.com", "email:annie@example.com"], Shown(page));

        page.Find("#state").Change("Active");
        page.Find("#channel").Change(ChannelNames.Email);
        page.Find("#subscriber-search").Submit();
        Assert.Equal(["email:ann@example.com", "email:annie@example.com"], Shown(page));

        page.Find("#channel").Change(ChannelNames.Sms);
        page.Find("#subscriber-search").Submit();
        Assert.Empty(Shown(page));
    }

    [Fact]
    public void PagesFiftyAtATime()
    {
        Get<SubscriberService>().AddConfirmedBulk(ChannelNames.Email,
            Enumerable.Range(0, 120).Select(i => new ConfirmedSubscriber($"c{i:D3}@example.com", true, [])).ToList(), Editor);
        var page = Render<ManageSubscribers>();

        Assert.Equal(50, Shown(page).Count);
        Assert.Equal("email:c000@example.com", Shown(page)[0]);
        page.Find("button.next").Click();
        page.Find("button.next").Click();

        Assert.Equal(20, Shown(page).Count);
        Assert.Equal("email:c100@example.com", Shown(page)[0]);
        Assert.Empty(page.FindAll("button.next"));
        page.Find("button.previous").Click();
        Assert.Equal("email:c050@example.com", Shown(page)[0]);
    }

    [Fact]
    public void RemovesASubscriberAfterConfirmation()
    {
        Subscribers.AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, Editor);
        var page = Render<ManageSubscribers>();

        page.Find("tr[data-subscriber='email:ann@example.com'] button.remove").Click();
        Assert.NotNull(Subscribers.Find("email:ann@example.com"));
        page.Find("tr[data-subscriber='email:ann@example.com'] button.confirm-remove").Click();

        Assert.Null(Subscribers.Find("email:ann@example.com"));
        Assert.Empty(Shown(page));
        Assert.Equal("1", page.Find("tr[data-channel='email'] .unsubscribed").TextContent);
        Assert.Contains(Get<LiteStore>().Collection<StatusHub.Audit.AuditEntry>().FindAll(), a => a.Action == "subscriber.removed" && a.Actor == Editor);
    }

    [Fact]
    public void ImportsAnUploadedListAndReportsRejects()
    {
        Subscribers.AddConfirmed(ChannelNames.Email, "old@example.com", true, null, Editor);
        var page = Render<ManageSubscribers>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "email,components\nnew@example.com,\nwrong,\nold@example.com,\nNEW@example.com,\nother@example.com,missing\n", "customers.csv"));

        page.WaitForAssertion(() => Assert.Contains("customers.csv: 1 added, 4 not imported", page.Find(".import-added").TextContent), TimeSpan.FromSeconds(30));
        var rejects = page.FindAll("table.import-rejects tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(4, rejects.Count);
        Assert.Contains("not an email address", rejects[0]);
        Assert.Contains("already subscribed", rejects[1]);
        Assert.Contains("duplicate of row 2", rejects[2]);
        Assert.Contains("unknown component 'missing'", rejects[3]);
        Assert.Contains("email:new@example.com", Shown(page));
    }

    [Fact]
    public void RefusesAFileOverFiveMegabytes()
    {
        var page = Render<ManageSubscribers>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[SubscriberImport.MaxFileBytes + 1], "huge.csv"));

        Assert.Contains("at most 5 MB", page.Find("[role=alert]").TextContent);
        Assert.Empty(page.FindAll(".import-added"));
    }

    [Fact]
    public void AddsOneConfirmedSubscriberWithComponentsAndLanguage()
    {
        var api = Get<ComponentService>().Create(new ComponentDraft("API", null, null), Editor);
        Get<ComponentService>().Create(new ComponentDraft("Mail", null, null), Editor);
        var page = Render<ManageSubscribers>();

        page.Find("#add-address").Change("  Zoe@Example.com ");
        page.Find($"#add-subscriber input[data-component='{api.Id}']").Change(true);
        page.Find("#add-language").Change("de");
        page.Find("#add-confirmed").Change(true);
        page.Find("#add-subscriber").Submit();

        var zoe = Subscribers.Find("email:zoe@example.com")!;
        Assert.Equal((SubscriberState.Active, false, "de"), (zoe.State, zoe.AllComponents, zoe.Language));
        Assert.Equal([api.Id], zoe.ComponentIds);
        Assert.Contains("z•••@example.com added as an active", page.Find(".add-done").TextContent);
        Assert.Contains("email:zoe@example.com", Shown(page));
        Assert.Equal("Deutsch", page.Find("tr[data-subscriber='email:zoe@example.com'] .language").TextContent);
        Assert.Equal("", page.Find("#add-language").GetAttribute("value") ?? "");
        Assert.Equal("", page.Find("#add-address").GetAttribute("value") ?? "");
        Assert.Contains(Get<LiteStore>().Collection<StatusHub.Audit.AuditEntry>().FindAll(), a => a.Action == "subscriber.added" && a.Actor == Editor);
        Assert.Empty(Get<LiteStore>().Collection<Delivery>().FindAll());
    }

    [Fact]
    public void SendsTheConfirmationInTheirLanguageUnlessAlreadyConfirmed()
    {
        var page = Render<ManageSubscribers>();

        page.Find("#add-address").Change("yves@example.com");
        page.Find("#add-language").Change("fr");
        page.Find("#add-subscriber").Submit();

        var yves = Subscribers.Find("email:yves@example.com")!;
        Assert.Equal((SubscriberState.Pending, true, "fr"), (yves.State, yves.AllComponents, yves.Language));
        Assert.Contains("pending: the confirmation is on its way", page.Find(".add-done").TextContent);
        var confirmation = Assert.Single(Get<LiteStore>().Collection<Delivery>().FindAll());
        Assert.Equal(("yves@example.com", "fr"), (confirmation.Target, confirmation.Language));
        var invited = Assert.Single(Get<LiteStore>().Collection<StatusHub.Audit.AuditEntry>().FindAll(), a => a.Action == "subscriber.invited");
        Assert.Equal((Editor, "y•••@example.com"), (invited.Actor, invited.Details));
    }

    [Theory]
    [InlineData(ChannelNames.Email, "not-an-address", "email address")]
    [InlineData(ChannelNames.Email, "ann@example.com", "already an active email subscriber")]
    [InlineData(ChannelNames.Sms, "call me", "number")]
    [InlineData(ChannelNames.Webhook, "ftp://example.com/hook", "http")]
    [InlineData(ChannelNames.Webhook, "https://hooks.example.com/statushub", "Webhook subscriptions are off")]
    public void RefusesABadOrAlreadyActiveAddressAndSavesNothing(string channel, string address, string said)
    {
        Subscribers.AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, Editor);
        var page = Render<ManageSubscribers>();

        page.Find("#add-channel").Change(channel);
        page.Find("#add-address").Change(address);
        page.Find("#add-subscriber").Submit();

        Assert.Contains(said, page.Find("[role=alert]").TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["email:ann@example.com"], Shown(page));
        Assert.Equal(address, page.Find("#add-address").GetAttribute("value"));
        Assert.DoesNotContain(Get<LiteStore>().Collection<StatusHub.Audit.AuditEntry>().FindAll(), a => a.Action is "subscriber.invited" || (a.Action == "subscriber.added" && a.Details != "a•••@example.com"));
    }

    private static List<string> Shown(IRenderedComponent<ManageSubscribers> page) =>
        page.FindAll("table.subscribers tbody tr").Select(r => r.GetAttribute("data-subscriber")!).ToList();
}
