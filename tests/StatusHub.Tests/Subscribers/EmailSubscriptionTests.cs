using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Tests.Channels.Email;

namespace StatusHub.Tests.Subscribers;

/// <summary>Email double opt-in end to end: the public form, the confirmation mail through a real SMTP server, the link, the notices.</summary>
public sealed class EmailSubscriptionTests : EmailAppTest
{
    private const string Staff = "oncall@example.org";

    [Fact]
    public async Task AConfirmedSubscriberHearsAboutTheComponentTheyFollowAndNothingBeforeConfirming()
    {
        await using var app = App.WithEmail(Sink, [Staff]);
        using var client = app.CreateClient();
        var api = app.AddComponent("API");
        var web = app.AddComponent("Website");

        var answer = await client.SignUpAsync("Ann@Example.org", api.Id);
        var confirmation = Assert.Single(await Sink.WaitForAsync("ann@example.org", 1));
        var beforeConfirming = app.OpenIncidentOn("API slow before confirming", api.Id);
        await Sink.WaitForAsync(Staff, 1);
        var confirmed = await client.GetAsync(SubscribeApp.LinkIn(confirmation, "/subscribe/confirm"), TestContext.Current.CancellationToken);
        var confirmedHtml = await confirmed.TextAsync();
        var onWeb = app.OpenIncidentOn("Website down", web.Id);
        var onApi = app.OpenIncidentOn("API errors", api.Id);
        var received = await Sink.WaitForAsync("ann@example.org", 2);
        await Sink.WaitForAsync(Staff, 3);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Check your inbox", await answer.TextAsync());
        Assert.Contains("Confirm your subscription", confirmation.Message.Subject);
        Assert.Equal([Staff], app.EmailTargetsFor($"incident:{beforeConfirming.Id}"));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("You are subscribed", confirmedHtml);
        Assert.Contains("/subscribe/preferences?token=", confirmedHtml);
        Assert.Equal([Staff], app.EmailTargetsFor($"incident:{onWeb.Id}"));
        Assert.Equal(["ann@example.org", Staff], app.EmailTargetsFor($"incident:{onApi.Id}"));
        Assert.Contains("API errors", received[1].Message.Subject);
        Assert.Contains(EmailApp.PublicUrl + "/subscribe/preferences?token=", received[1].Message.TextBody);
        Assert.Equal(2, Sink.To("ann@example.org").Count);
    }

    [Fact]
    public async Task TheOneClickUnsubscribeInTheHeaderRemovesTheSubscriberAndNothingMoreArrives()
    {
        await using var app = App.WithEmail(Sink, [Staff]);
        using var client = app.CreateClient();
        await client.SignUpAsync("ann@example.org");
        await client.GetAsync(SubscribeApp.LinkIn((await Sink.WaitForAsync("ann@example.org", 1))[0], "/subscribe/confirm"), TestContext.Current.CancellationToken);
        app.OpenIncident("Database unreachable");
        var notice = (await Sink.WaitForAsync("ann@example.org", 2))[1];
        var header = notice.Message.Headers["List-Unsubscribe"]!.Trim().TrimStart('<').TrimEnd('>');

        using var oneClick = new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded");
        var unsubscribed = await client.PostAsync(new Uri(header).PathAndQuery, oneClick, TestContext.Current.CancellationToken);
        var next = app.OpenIncident("Database unreachable again");
        await Sink.WaitForAsync(Staff, 2);

        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        Assert.Null(app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Email, "ann@example.org"));
        Assert.Null(app.Services.GetRequiredService<LiteStore>().Collection<EmailSuppression>().FindById("ann@example.org"));
        Assert.Equal([Staff], app.EmailTargetsFor($"incident:{next.Id}"));
        Assert.Equal(2, Sink.To("ann@example.org").Count);
    }

    [Fact]
    public async Task AnswersTheSameForNewPendingAndSubscribedAddresses()
    {
        await using var app = App.WithEmail(Sink, []);
        using var client = app.CreateClient();
        app.Services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Email, "active@example.org", true, null, "staff@example.net");
        await client.SignUpAsync("pending@example.org");
        await Sink.WaitForAsync("pending@example.org", 1);

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var address in new[] { "new@example.org", "pending@example.org", "active@example.org" })
        {
            var response = await client.SignUpAsync(address);
            answers.Add((response.StatusCode, await response.TextAsync()));
        }

        var reminder = Assert.Single(await Sink.WaitForAsync("active@example.org", 1));
        await Sink.WaitForAsync("new@example.org", 1);
        await Sink.WaitForAsync("pending@example.org", 2);
        Assert.Single(answers.Distinct());
        Assert.Equal(HttpStatusCode.OK, answers[0].Item1);
        Assert.Contains("already subscribed", reminder.Message.Subject);
        Assert.DoesNotContain("/subscribe/confirm", reminder.Message.TextBody);
        Assert.Contains(EmailApp.PublicUrl + "/subscribe/preferences?token=", reminder.Message.TextBody);
        Assert.Equal(SubscriberState.Active, app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Email, "active@example.org")!.State);
    }

    [Fact]
    public async Task ASubscriberMarkedFailingAfterABounceWhoConfirmsAgainHearsTheNextNotice()
    {
        await using var app = App.WithEmail(Sink, [Staff]);
        using var client = app.CreateClient();
        var subscribers = app.Services.GetRequiredService<SubscriberService>();
        var store = app.Services.GetRequiredService<LiteStore>();
        var api = app.AddComponent("API");
        subscribers.AddConfirmed(ChannelNames.Email, "ann@example.org", true, null, "staff@example.net");
        store.Collection<FailingTarget>().Insert(new FailingTarget
        {
            Id = FailingTarget.KeyFor(ChannelNames.Email, "ann@example.org"), Channel = ChannelNames.Email, Target = "ann@example.org",
            LastError = "SMTP 550 5.1.1 Mailbox unavailable",
        });
        var whileFailing = app.OpenIncident("Database unreachable");
        await Sink.WaitForAsync(Staff, 1);

        await client.SignUpAsync("ann@example.org", api.Id);
        var confirmation = Assert.Single(await Sink.WaitForAsync("ann@example.org", 1));
        var confirmed = await client.GetAsync(SubscribeApp.LinkIn(confirmation, "/subscribe/confirm"), TestContext.Current.CancellationToken);
        var afterConfirming = app.OpenIncident("Database unreachable again");
        await Sink.WaitForAsync("ann@example.org", 2);

        Assert.Equal([Staff], app.EmailTargetsFor($"incident:{whileFailing.Id}"));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("You are subscribed", await confirmed.TextAsync());
        Assert.Empty(store.Collection<FailingTarget>().FindAll());
        Assert.Contains(store.Collection<StatusHub.Audit.AuditEntry>().FindAll(), a => a.Action == "target.reachable" && a.Actor == "a•••@example.org");
        Assert.Equal(["ann@example.org", Staff], app.EmailTargetsFor($"incident:{afterConfirming.Id}"));
        Assert.True(subscribers.Find(ChannelNames.Email, "ann@example.org")!.AllComponents);
    }

    [Fact]
    public async Task OnlyTheLatestConfirmationLinkWorksAndABadOneGetsAClearPage()
    {
        await using var app = App.WithEmail(Sink, []);
        using var client = app.CreateClient();
        await client.SignUpAsync("ann@example.org");
        await client.SignUpAsync("ann@example.org");
        var mails = await Sink.WaitForAsync("ann@example.org", 2);
        var links = mails.Select(m => SubscribeApp.LinkIn(m, "/subscribe/confirm")).ToList();

        var stale = await client.GetAsync(links[0], TestContext.Current.CancellationToken);
        var garbage = await client.GetAsync("/subscribe/confirm?id=email%3Aann%40example.org&token=nope", TestContext.Current.CancellationToken);
        var stillPending = app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Email, "ann@example.org")!.State;
        var latest = await client.GetAsync(links[1], TestContext.Current.CancellationToken);

        Assert.NotEqual(links[0], links[1]);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("This confirmation link is not valid", await stale.TextAsync());
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(SubscriberState.Pending, stillPending);
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
    }
}
