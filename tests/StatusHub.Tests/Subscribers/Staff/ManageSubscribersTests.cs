using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;
using StatusHub.Tests.Channels.Pages;

namespace StatusHub.Tests.Subscribers.Staff;

public class ManageSubscribersTests : ChannelPageApp
{
    public ManageSubscribersTests()
    {
        foreach (var type in new[] { typeof(SubscriberService), typeof(SubscriberDirectory), typeof(SubscriberImport), typeof(SubscriberImportJobs) })
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

    private static List<string> Shown(IRenderedComponent<ManageSubscribers> page) =>
        page.FindAll("table.subscribers tbody tr").Select(r => r.GetAttribute("data-subscriber")!).ToList();
}
