using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Webhooks;
using StatusHub.Storage;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Subscribers;

public sealed class SmsSubscriptionTests : IAsyncDisposable
{
    private const string Number = "+447700900123";
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AConfirmedNumberGetsTheNextIncidentOnAFollowedComponentButNotOthers()
    {
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _app.Time);
        await using var app = _app.WithSubscriptions(gateway);
        using var client = app.CreateClient();
        var api = app.Component("API");
        var website = app.Component("Website");

        var signUp = await client.PostFormAsync("/subscribe/sms", ("phone", "+44 7700 900123"), ("all", "false"), ("components", api.Id));
        var code = await gateway.CodeSentToAsync(Number);
        var confirmed = await client.PostFormAsync("/subscribe/sms/confirm", ("phone", Number), ("code", code));
        app.OpenIncident("Website is slow", website.Id);
        app.OpenIncident("API is down", api.Id);
        await gateway.WaitUntilAsync(r => gateway.TextsTo(Number).Any(t => t.Contains("API is down")), TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
        var signUpHtml = await signUp.TextAsync();
        Assert.Contains("Check your phone", signUpHtml);
        Assert.Contains("action=\"/subscribe/sms/confirm\"", signUpHtml);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("You are subscribed", await confirmed.TextAsync());
        var texts = gateway.TextsTo(Number).ToList();
        Assert.All(texts, t => Assert.Contains("Reply STOP to opt out", t));
        Assert.DoesNotContain(texts, t => t.Contains("Website is slow"));
        var store = app.Services.GetRequiredService<LiteStore>();
        Assert.Equal(2, store.Collection<Delivery>().Count(d => d.Target == Number));
    }

    [Fact]
    public async Task ANumberMarkedFailingThatConfirmsACodeAgainGetsTheNextIncident()
    {
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _app.Time);
        await using var app = _app.WithSubscriptions(gateway);
        using var client = app.CreateClient();
        var store = app.Services.GetRequiredService<LiteStore>();
        app.Services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Sms, Number, true, null, "staff@example.com");
        store.Collection<FailingTarget>().Insert(new FailingTarget { Id = FailingTarget.KeyFor(ChannelNames.Sms, Number), Channel = ChannelNames.Sms, Target = Number, LastError = "HTTP 400 number refused" });

        await client.PostFormAsync("/subscribe/sms", ("phone", Number), ("all", "true"));
        var code = await gateway.CodeSentToAsync(Number);
        var confirmed = await client.PostFormAsync("/subscribe/sms/confirm", ("phone", Number), ("code", code));
        app.OpenIncident("API is down");
        await gateway.WaitUntilAsync(r => gateway.TextsTo(Number).Any(t => t.Contains("API is down")), TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Empty(store.Collection<FailingTarget>().FindAll());
        Assert.Contains(store.Collection<StatusHub.Audit.AuditEntry>().FindAll(), a => a.Action == "target.reachable" && a.Subject == "target:sms");
    }

    [Fact]
    public async Task TickingAGroupBoxFollowsEveryComponentInIt()
    {
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _app.Time);
        await using var app = _app.WithSubscriptions(gateway);
        using var client = app.CreateClient();
        var components = app.Services.GetRequiredService<StatusHub.StatusComponents.ComponentService>();
        var mail = components.CreateGroup("Mail", null, "staff@example.com");
        var smtp = components.Create(new StatusHub.StatusComponents.ComponentDraft("SMTP", null, mail.Id), "staff@example.com");
        var imap = components.Create(new StatusHub.StatusComponents.ComponentDraft("IMAP", null, mail.Id), "staff@example.com");
        app.Component("Website");

        await client.PostFormAsync("/subscribe/sms", ("phone", Number), ("all", "false"), ("groups", mail.Id));
        var code = await gateway.CodeSentToAsync(Number);
        await client.PostFormAsync("/subscribe/sms/confirm", ("phone", Number), ("code", code));

        var subscriber = app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Sms, Number)!;
        Assert.False(subscriber.AllComponents);
        Assert.Equal(new[] { smtp.Id, imap.Id }.Order(), subscriber.ComponentIds.Order());
    }

    [Fact]
    public async Task FiveWrongCodesLockTheSignUpEvenAgainstTheRightCode()
    {
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _app.Time);
        await using var app = _app.WithSubscriptions(gateway);
        using var client = app.CreateClient();
        await client.PostFormAsync("/subscribe/sms", ("phone", Number), ("all", "true"));
        var code = await gateway.CodeSentToAsync(Number);
        var wrong = code == "000000" ? "111111" : "000000";

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < SubscriberService.MaxConfirmationAttempts; i++)
        {
            answers.Add(await client.PostFormAsync("/subscribe/sms/confirm", ("phone", Number), ("code", wrong)));
        }

        var right = await client.PostFormAsync("/subscribe/sms/confirm", ("phone", Number), ("code", code));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        Assert.Contains("That code is not right", await answers[0].TextAsync());
        Assert.Contains("Too many wrong codes", await right.TextAsync());
        Assert.Equal(SubscriberState.Pending, app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Sms, Number)!.State);
    }

    [Fact]
    public async Task ACodeTypedAfterTenMinutesHasExpired()
    {
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _app.Time);
        await using var app = _app.WithSubscriptions(gateway);
        using var client = app.CreateClient();
        var signUp = await client.PostFormAsync("/subscribe/sms", ("phone", Number), ("all", "true"));
        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
        var code = await gateway.CodeSentToAsync(Number);

        _app.Time.Advance(TimeSpan.FromMinutes(11));
        var late = await client.PostFormAsync("/subscribe/sms/confirm", ("phone", Number), ("code", code));

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("This code has expired", await late.TextAsync());
    }

    [Fact]
    public async Task AnswersTheSameForANewAndAnAlreadySubscribedNumberAndTextsOnlyTheNewOne()
    {
        const string subscribed = "+447700900999";
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _app.Time);
        await using var app = _app.WithSubscriptions(gateway);
        using var client = app.CreateClient();
        app.Services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Sms, subscribed, true, null, "staff@example.net");

        var forActive = await client.PostFormAsync("/subscribe/sms", ("phone", subscribed), ("all", "true"));
        var forNew = await client.PostFormAsync("/subscribe/sms", ("phone", Number), ("all", "true"));
        var guess = await client.PostFormAsync("/subscribe/sms/confirm", ("phone", subscribed), ("code", "123456"));
        await gateway.CodeSentToAsync(Number);

        Assert.Equal(forNew.StatusCode, forActive.StatusCode);
        // Pages encode the plus sign: compare with the digits taken out.
        Assert.Equal((await forNew.TextAsync()).Replace(Number[1..], "NUMBER"), (await forActive.TextAsync()).Replace(subscribed[1..], "NUMBER"));
        Assert.Contains("That code is not right", await guess.TextAsync());
        Assert.Empty(gateway.TextsTo(subscribed));
    }

    [Fact]
    public async Task AWrongCodeGetsTheSameAnswerWhateverStateTheNumberIsIn()
    {
        await using var app = _app.WithSubscriptions(smsGateway: null, more: new Dictionary<string, string> { ["Subscribers:RequestsPerWindow"] = "1000" });
        using var client = app.CreateClient();
        var subscribers = app.Services.GetRequiredService<SubscriberService>();
        subscribers.StartSignUp(ChannelNames.Sms, "+447700900003", true, null, "123456", SmsSignUp.CodeValidFor);
        _app.Time.Advance(SmsSignUp.CodeValidFor + TimeSpan.FromMinutes(1));
        subscribers.StartSignUp(ChannelNames.Sms, "+447700900002", true, null, "123456", SmsSignUp.CodeValidFor);
        subscribers.StartSignUp(ChannelNames.Sms, "+447700900004", true, null, "123456", SmsSignUp.CodeValidFor);
        for (var i = 0; i < SubscriberService.MaxConfirmationAttempts; i++)
        {
            subscribers.Confirm("sms:+447700900004", "999999");
        }

        subscribers.StartSignUp(ChannelNames.Sms, "+447700900005", true, null, "123456", SmsSignUp.CodeValidFor);
        subscribers.Confirm("sms:+447700900005", "123456");
        subscribers.AddConfirmed(ChannelNames.Sms, "+447700900006", true, null, "staff@example.net");

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var number in new[] { "+447700900001", "+447700900002", "+447700900003", "+447700900004", "+447700900005", "+447700900006" })
        {
            var response = await client.PostFormAsync("/subscribe/sms/confirm", ("phone", number), ("code", "000000"));
            answers.Add((response.StatusCode, (await response.TextAsync()).Replace(number[1..], "NUMBER")));
        }

        Assert.Equal(HttpStatusCode.BadRequest, answers[0].Item1);
        Assert.Contains("That code is not right", answers[0].Item2);
        Assert.All(answers, a => Assert.Equal(answers[0], a));
    }

    [Fact]
    public async Task RefusesANumberNotInInternationalFormWithAClearMessage()
    {
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _app.Time);
        await using var app = _app.WithSubscriptions(gateway);
        using var client = app.CreateClient();

        var local = await client.PostFormAsync("/subscribe/sms", ("phone", "07700 900123"), ("all", "true"));
        var huge = await client.PostFormAsync("/subscribe/sms", ("phone", new string('1', 500)), ("all", "true"));

        Assert.Equal(HttpStatusCode.BadRequest, local.StatusCode);
        Assert.Contains("international form", await local.TextAsync());
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("too long", await huge.TextAsync());
    }

    [Fact]
    public async Task SendsAtMostThreeCodesAnHourToOneNumber()
    {
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _app.Time);
        await using var app = _app.WithSubscriptions(gateway);
        using var client = app.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.PostFormAsync("/subscribe/sms", ("phone", Number), ("all", "true")));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode));
        Assert.Contains("Too many codes for this number", await answers[3].TextAsync());
        Assert.True(answers[3].Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task RefusesTheEleventhSignUpFromOneClientWithAReadablePage()
    {
        await using var app = _app.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 11; i++)
        {
            answers.Add(await client.PostFormAsync("/subscribe/sms", ("phone", $"+4477009001{i:00}"), ("all", "true")));
        }

        Assert.All(answers.Take(10), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[10].StatusCode);
        Assert.Contains("Too many requests", await answers[10].TextAsync());
    }

    [Fact]
    public async Task ASignedStopRemovesTheNumberAndAnUnsignedOneIsRefused()
    {
        await using var app = _app.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();
        var subscribers = app.Services.GetRequiredService<SubscriberService>();
        subscribers.AddConfirmed(ChannelNames.Sms, Number, true, null, "staff@example.net");
        var stop = $$"""{"from":"{{Number}}","text":"  stop "}""";

        var unsigned = await client.PostAsync("/sms/inbound", new StringContent(stop, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var stale = await PostInboundAsync(client, stop, _app.Time.GetUtcNow() - TimeSpan.FromMinutes(6));
        var stillThere = subscribers.Find(ChannelNames.Sms, Number);
        var chatter = await PostInboundAsync(client, $$"""{"from":"{{Number}}","text":"thanks!"}""", _app.Time.GetUtcNow());
        var afterChatter = subscribers.Find(ChannelNames.Sms, Number);
        var signed = await PostInboundAsync(client, stop, _app.Time.GetUtcNow());

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.NotNull(stillThere);
        Assert.Equal(HttpStatusCode.OK, chatter.StatusCode);
        Assert.NotNull(afterChatter);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Null(subscribers.Find(ChannelNames.Sms, Number));
        Assert.Equal(1, subscribers.Counts().Single(c => c.Channel == ChannelNames.Sms).Unsubscribed);
    }

    private static Task<HttpResponseMessage> PostInboundAsync(HttpClient client, string json, DateTimeOffset at)
    {
        var (timestamp, signature) = HookSigner.Sign(SubscriptionApp.SmsSecret, json, at);
        var request = new HttpRequestMessage(HttpMethod.Post, "/sms/inbound") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(HookSigner.TimestampHeader, timestamp);
        request.Headers.Add(HookSigner.SignatureHeader, signature);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
