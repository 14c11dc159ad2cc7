using System.Net;
using System.Text;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;

namespace StatusHub.Tests.Channels.Sms;

/// <summary>Twilio's Messages API as documented: form posts with Basic auth, 201 with the Message resource, errors as {"code","message"}.</summary>
public sealed class TwilioSmsTests : IAsyncDisposable
{
    private const string Sid = "AC0123456789abcdef0123456789abcdef";
    private const string Token = "twilio-auth-token";
    private const string Queued = """{"sid":"SM11111111111111111111111111111111","status":"queued","to":"+447700900123"}""";
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PostsTheTextAsAFormToTheAccountsMessagesWithBasicAuthAndKeepsTheMessageSid()
    {
        using var store = new TestStore();
        await using var twilio = await SmsProviderPeer.StartAsync(HttpStatusCode.Created, Queued);

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(twilio));

        var request = Assert.Single(twilio.Api.Received);
        Assert.Equal($"/2010-04-01/Accounts/{Sid}/Messages.json", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sid}:{Token}")), request.Header("Authorization"));
        Assert.Equal(SmsProviderPeer.Number, request.Form["To"]);
        Assert.Equal("+15005550006", request.Form["From"]);
        Assert.StartsWith("Acme: Checkout is down (Investigating).", request.Form["Body"]);
        Assert.Equal($"{ChannelApp.PageUrl}/sms/status", request.Form["StatusCallback"]);
        Assert.Equal((DeliveryState.Sent, "SM11111111111111111111111111111111"), (delivery.State, delivery.ExternalId));
    }

    [Fact]
    public async Task AMessagingServiceSendsInsteadOfAFromNumber()
    {
        using var store = new TestStore();
        await using var twilio = await SmsProviderPeer.StartAsync(HttpStatusCode.Created, Queued);
        var options = Options(twilio);
        options.Twilio.From = null;
        options.Twilio.MessagingServiceSid = "MG0123";

        await SmsProviderPeer.SendOneAsync(store, options);

        var form = Assert.Single(twilio.Api.Received).Form;
        Assert.Equal("MG0123", form["MessagingServiceSid"]);
        Assert.False(form.ContainsKey("From"));
    }

    [Fact]
    public async Task TooManyRequestsIsRetriedAfterItsRetryAfter()
    {
        using var store = new TestStore();
        await using var twilio = await SmsProviderPeer.StartAsync(HttpStatusCode.Created, Queued);
        twilio.Answer(HttpStatusCode.TooManyRequests, """{"code":20429,"message":"Too Many Requests","status":429}""", retryAfterSeconds: "600");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(twilio));

        SmsProviderPeer.AssertRetriedAfter(delivery, TimeSpan.FromSeconds(600));
        Assert.Contains("20429", delivery.LastError);
    }

    [Fact]
    public async Task AServerErrorIsRetried()
    {
        using var store = new TestStore();
        await using var twilio = await SmsProviderPeer.StartAsync(HttpStatusCode.ServiceUnavailable, """{"code":20500,"message":"Internal Server Error","status":503}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(twilio));

        SmsProviderPeer.AssertRetriedWithoutMarkingTheNumber(store, delivery);
    }

    [Theory]
    [InlineData(21211)]
    [InlineData(21614)]
    [InlineData(21610)]
    public async Task ANumberTwilioRefusesIsMarkedFailing(int code)
    {
        using var store = new TestStore();
        await using var twilio = await SmsProviderPeer.StartAsync(HttpStatusCode.BadRequest, $$"""{"code":{{code}},"message":"The 'To' number is not valid.","status":400}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(twilio));

        SmsProviderPeer.AssertNumberRefused(store, delivery);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.LastError);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, 20003)]
    [InlineData(HttpStatusCode.BadRequest, 21606)]
    public async Task WrongCredentialsOrSenderRefuseStatusHubAndMarkNoNumber(HttpStatusCode status, int code)
    {
        using var store = new TestStore();
        await using var twilio = await SmsProviderPeer.StartAsync(status, $$"""{"code":{{code}},"message":"Authenticate","status":{{(int)status}}}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(twilio));

        SmsProviderPeer.AssertRetriedWithoutMarkingTheNumber(store, delivery, "check Sms:Twilio:AccountSid, Sms:Twilio:AuthToken");
    }

    [Fact]
    public void MissingKeysAndAnUnknownProviderAreNamedExactly()
    {
        var twilio = new SmsOptions { Provider = "twilio", Twilio = { AccountSid = Sid, From = "+15005550006" } };
        var unknown = new SmsOptions { Provider = "nexmo" };

        Assert.Equal("missing Sms:Twilio:AuthToken (the account's auth token)", twilio.Problem());
        Assert.Equal("Sms:Provider 'nexmo' is not one of webhook, twilio, vonage, messagebird, android-gateway", unknown.Problem());
    }

    [Fact]
    public async Task ASignedStatusCallbackMarksTheTextDeliveredOrFailedAndABadSignatureChangesNothing()
    {
        await using var twilio = await SmsProviderPeer.StartAsync(HttpStatusCode.Created, Queued);
        await using var app = SmsProviderPeer.App(_app, Settings(twilio));
        using var client = app.CreateClient();
        var sent = await twilio.SentThroughAppAsync(app);
        var callback = new Dictionary<string, string>
        {
            ["MessageSid"] = sent.ExternalId!, ["MessageStatus"] = "undelivered", ["ErrorCode"] = "30003", ["AccountSid"] = Sid, ["To"] = SmsProviderPeer.Number,
        };

        var forged = await PostSignedAsync(client, "/sms/status", callback, "not-the-token");
        var afterForged = SmsProviderPeer.Reread(app, sent);
        var undelivered = await PostSignedAsync(client, "/sms/status", callback, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal((DeliveryState.Sent, null), (afterForged.State, afterForged.DeliveredAt));
        Assert.Equal(HttpStatusCode.OK, undelivered.StatusCode);
        var failed = SmsProviderPeer.Reread(app, sent);
        Assert.Equal(DeliveryState.Failed, failed.State);
        Assert.Contains("30003", failed.LastError);
    }

    [Fact]
    public async Task ADeliveredCallbackNotesWhenItArrived()
    {
        await using var twilio = await SmsProviderPeer.StartAsync(HttpStatusCode.Created, Queued);
        await using var app = SmsProviderPeer.App(_app, Settings(twilio));
        using var client = app.CreateClient();
        var sent = await twilio.SentThroughAppAsync(app);

        var answer = await PostSignedAsync(client, "/sms/status", new() { ["MessageSid"] = sent.ExternalId!, ["MessageStatus"] = "delivered", ["AccountSid"] = Sid }, Token);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var delivered = SmsProviderPeer.Reread(app, sent);
        Assert.Equal(DeliveryState.Sent, delivered.State);
        Assert.Equal(_app.Time.GetUtcNow().UtcDateTime, delivered.DeliveredAt!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task AnInboundStopUnsubscribesTheNumberAndIsAnsweredWithEmptyTwiml()
    {
        await using var twilio = await SmsProviderPeer.StartAsync(HttpStatusCode.Created, Queued);
        await using var app = SmsProviderPeer.App(_app, Settings(twilio));
        using var client = app.CreateClient();
        var subscribers = SmsProviderPeer.Subscribe(app);
        var stop = new Dictionary<string, string> { ["MessageSid"] = "SM2", ["AccountSid"] = Sid, ["From"] = SmsProviderPeer.Number, ["To"] = "+15005550006", ["Body"] = "Stop" };

        var forged = await PostSignedAsync(client, "/sms/inbound", stop, "not-the-token");
        var stillThere = subscribers.Find(StatusHub.Channels.ChannelNames.Sms, SmsProviderPeer.Number);
        var signed = await PostSignedAsync(client, "/sms/inbound", stop, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.NotNull(stillThere);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal("text/xml", signed.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>", await signed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        SmsProviderPeer.AssertLeftByThemselves(app, subscribers);
    }

    private static SmsOptions Options(SmsProviderPeer twilio) => new()
    {
        Provider = "twilio",
        Twilio = { BaseUrl = twilio.Api.Url.ToString(), AccountSid = Sid, AuthToken = Token, From = "+15005550006" },
    };

    private static Dictionary<string, string> Settings(SmsProviderPeer twilio) => new()
    {
        ["Sms:Provider"] = "twilio",
        ["Sms:Twilio:BaseUrl"] = twilio.Api.Url.ToString(),
        ["Sms:Twilio:AccountSid"] = Sid,
        ["Sms:Twilio:AuthToken"] = Token,
        ["Sms:Twilio:From"] = "+15005550006",
    };

    /// <summary>Posts the form as Twilio does, signed over the page's public URL with <paramref name="token"/>.</summary>
    private static Task<HttpResponseMessage> PostSignedAsync(HttpClient client, string path, Dictionary<string, string> form, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSms.SignatureHeader, TwilioSms.Signature(token, new Uri("https://status.example.com" + path), form));
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
