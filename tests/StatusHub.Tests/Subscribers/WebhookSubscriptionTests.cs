using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Subscribers;

public sealed class WebhookSubscriptionTests : IAsyncDisposable
{
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnEndpointThatAnswersTheVerificationPingBecomesActiveAndGetsTheNextIncident()
    {
        await using var receiver = await HttpReceiver.StartAsync(SubscriptionApp.WebhookSecret, _app.Time);
        await using var app = _app.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();
        var url = receiver.UrlFor("/hook").ToString();

        var signUp = await client.PostFormAsync("/subscribe/webhook", ("url", url), ("all", "true"));
        app.OpenIncident("API is down");
        await receiver.WaitUntilAsync(r => r.Any(m => m.Json.TryGetProperty("incident", out _)), TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
        Assert.Contains("Webhook subscribed", await signUp.TextAsync());
        var ping = receiver.Received[0].Json;
        Assert.Equal("verification", ping.GetProperty("type").GetString());
        Assert.Equal(url, ping.GetProperty("subscription").GetProperty("url").GetString());
        Assert.Equal(SubscriberState.Active, app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Webhook, url)!.State);
        Assert.Equal("API is down", receiver.Received[^1].Json.GetProperty("incident").GetProperty("name").GetString());
    }

    [Fact]
    public async Task EachPayloadCarriesTheSubscribersOwnLinkToLeave()
    {
        await using var receiver = await HttpReceiver.StartAsync(SubscriptionApp.WebhookSecret, _app.Time);
        await using var app = _app.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();
        var url = receiver.UrlFor("/hook").ToString();
        await client.PostFormAsync("/subscribe/webhook", ("url", url), ("all", "true"));
        app.OpenIncident("API is down");
        await receiver.WaitUntilAsync(r => r.Any(m => m.Json.TryGetProperty("incident", out _)), TimeSpan.FromSeconds(15));

        var link = new Uri(receiver.Received[^1].Json.GetProperty("meta").GetProperty("unsubscribe").GetString()!);
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"]!;
        var page = await client.GetAsync(link.PathAndQuery, TestContext.Current.CancellationToken);
        var left = await client.PostFormAsync("/subscribe/preferences/leave", ("token", token));

        Assert.Equal("/subscribe/preferences", link.AbsolutePath);
        Assert.Contains("Updates go by webhook to", await page.TextAsync());
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Null(app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Webhook, url));
    }

    [Fact]
    public async Task AnEndpointThatFailsTheVerificationPingStaysPendingAndGetsNothing()
    {
        await using var receiver = await HttpReceiver.StartAsync(SubscriptionApp.WebhookSecret, _app.Time);
        receiver.Answer = HttpStatusCode.InternalServerError;
        await using var app = _app.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();
        var url = receiver.UrlFor("/hook").ToString();

        var signUp = await client.PostFormAsync("/subscribe/webhook", ("url", url), ("all", "true"));
        app.OpenIncident("API is down");

        Assert.Equal(HttpStatusCode.BadGateway, signUp.StatusCode);
        var html = await signUp.TextAsync();
        Assert.Contains("did not confirm", html);
        Assert.Contains("HTTP 500", html);
        Assert.Contains("Nothing is sent there", html);
        Assert.Equal(SubscriberState.Pending, app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Webhook, url)!.State);
        Assert.Equal(0, app.Services.GetRequiredService<LiteStore>().Collection<Delivery>().Count(d => d.Target == url));
    }

    [Fact]
    public async Task SubmittingTheFormAgainForALiveEndpointChangesNothingAndAnswersAsForANewOne()
    {
        await using var receiver = await HttpReceiver.StartAsync(SubscriptionApp.WebhookSecret, _app.Time);
        await using var app = _app.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();
        var api = app.Component("API");
        var url = receiver.UrlFor("/hook").ToString();
        var other = receiver.UrlFor("/other").ToString();

        await client.PostFormAsync("/subscribe/webhook", ("url", url), ("all", "true"));
        var again = await client.PostFormAsync("/subscribe/webhook", ("url", url), ("all", "false"), ("components", api.Id));
        var fresh = await client.PostFormAsync("/subscribe/webhook", ("url", other), ("all", "false"), ("components", api.Id));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await fresh.TextAsync()).Replace(other, "URL"), (await again.TextAsync()).Replace(url, "URL"));
        var subscriber = app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Webhook, url)!;
        Assert.Equal((SubscriberState.Active, true), (subscriber.State, subscriber.AllComponents));
        // Only the endpoint itself gets the link to change what it follows: the ping carries it, as every notice does.
        var link = receiver.Received.Last(r => r.Path == "/hook").Json.GetProperty("meta").GetProperty("unsubscribe").GetString()!;
        Assert.Contains("/subscribe/preferences?token=", link);
        Assert.DoesNotContain("/subscribe/preferences", await again.TextAsync());
    }

    [Fact]
    public async Task OfTwoSignUpsAtOnceTheOneWhosePingIsAnsweredMakesTheEndpointActive()
    {
        await using var receiver = await HttpReceiver.StartAsync(SubscriptionApp.WebhookSecret, _app.Time);
        await using var app = _app.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();
        var url = receiver.UrlFor("/hook").ToString();
        receiver.Hold = true;
        receiver.AnswerNext(HttpStatusCode.OK, HttpStatusCode.InternalServerError);

        // A double click: the second sign-up starts while the first one's ping is still out.
        var first = client.PostFormAsync("/subscribe/webhook", ("url", url), ("all", "true"));
        await receiver.WaitUntilHeldAsync(1, TimeSpan.FromSeconds(15));
        var second = client.PostFormAsync("/subscribe/webhook", ("url", url), ("all", "true"));
        await receiver.WaitUntilHeldAsync(2, TimeSpan.FromSeconds(15));
        receiver.ReleaseNext();
        var firstAnswer = await first;
        receiver.ReleaseNext();
        await second;

        Assert.Contains("Webhook subscribed", await firstAnswer.TextAsync());
        Assert.Equal(SubscriberState.Active, app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Webhook, url)!.State);
    }

    [Fact]
    public async Task AFailedPingAnswersTheSameForALiveAndANewEndpoint()
    {
        await using var receiver = await HttpReceiver.StartAsync(SubscriptionApp.WebhookSecret, _app.Time);
        await using var app = _app.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();
        var url = receiver.UrlFor("/hook").ToString();
        var other = receiver.UrlFor("/other").ToString();
        await client.PostFormAsync("/subscribe/webhook", ("url", url), ("all", "true"));
        receiver.Answer = HttpStatusCode.InternalServerError;

        var live = await client.PostFormAsync("/subscribe/webhook", ("url", url), ("all", "true"));
        var fresh = await client.PostFormAsync("/subscribe/webhook", ("url", other), ("all", "true"));

        Assert.Equal((fresh.StatusCode, (await fresh.TextAsync()).Replace(other, "URL")), (live.StatusCode, (await live.TextAsync()).Replace(url, "URL")));
        Assert.Equal(SubscriberState.Active, app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Webhook, url)!.State);
    }

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://192.168.1.10:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    public async Task RefusesUrlsThatReachLoopbackOrPrivateNetworks(string url)
    {
        await using var app = _app.WithSubscriptions(smsGateway: null, allowPrivateWebhooks: false);
        using var client = app.CreateClient();

        var signUp = await client.PostFormAsync("/subscribe/webhook", ("url", url), ("all", "true"));

        Assert.Equal(HttpStatusCode.BadRequest, signUp.StatusCode);
        Assert.Contains("public internet addresses", await signUp.TextAsync());
        Assert.Null(app.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Webhook, url));
    }

    [Fact]
    public async Task RefusesToDeliverToASubscribedUrlThatNowReachesAPrivateAddress()
    {
        await using var receiver = await HttpReceiver.StartAsync(SubscriptionApp.WebhookSecret, _app.Time);
        await using var app = _app.WithSubscriptions(smsGateway: null, allowPrivateWebhooks: false);
        // As if the name resolved to a public address when it subscribed and to loopback now (DNS rebinding).
        var url = receiver.UrlFor("/hook").ToString().Replace("127.0.0.1", "localhost");
        app.Services.GetRequiredService<LiteStore>().Collection<Subscriber>().Insert(new Subscriber
        {
            Id = Subscriber.KeyFor(ChannelNames.Webhook, url), Channel = ChannelNames.Webhook, Address = url, State = SubscriberState.Active,
        });

        app.OpenIncident("API is down");
        var store = app.Services.GetRequiredService<LiteStore>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (store.Collection<Delivery>().FindOne(d => d.Target == url) is not { State: DeliveryState.Failed } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var delivery = store.Collection<Delivery>().FindOne(d => d.Target == url);
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Contains("private address", delivery.LastError);
        Assert.Equal(0, receiver.Answered);
    }
}
