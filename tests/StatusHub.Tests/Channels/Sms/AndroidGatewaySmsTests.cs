using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;

namespace StatusHub.Tests.Channels.Sms;

/// <summary>
/// The "SMS Gateway for Android" API as its docs show it: Basic auth, <c>POST /message</c> answered 202 with the message
/// <c>id</c>, and webhooks signed with X-Signature = hex HMAC-SHA256(signing key, body + X-Timestamp).
/// </summary>
public sealed class AndroidGatewaySmsTests : IAsyncDisposable
{
    private const string SigningKey = "phone-signing-key";
    private const string Accepted = """{"id":"PyDmBQZZXYmyxMwED8Fzy","state":"Pending","isHashed":false,"isEncrypted":false,"recipients":[{"phoneNumber":"+447700900123","state":"Pending"}]}""";
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PostsTheTextAsJsonWithBasicAuthAndKeepsTheMessageId()
    {
        using var store = new TestStore();
        await using var phone = await SmsProviderPeer.StartAsync(HttpStatusCode.Accepted, Accepted);

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(phone));

        var request = Assert.Single(phone.Api.Received);
        Assert.Equal("/message", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sms:phone-password")), request.Header("Authorization"));
        Assert.StartsWith("Acme: Checkout is down (Investigating).", request.Json.GetProperty("textMessage").GetProperty("text").GetString());
        Assert.Equal([SmsProviderPeer.Number], request.Json.GetProperty("phoneNumbers").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal((DeliveryState.Sent, "PyDmBQZZXYmyxMwED8Fzy"), (delivery.State, delivery.ExternalId));
    }

    [Fact]
    public async Task TooManyRequestsIsRetriedAfterItsRetryAfter()
    {
        using var store = new TestStore();
        await using var phone = await SmsProviderPeer.StartAsync(HttpStatusCode.Accepted, Accepted);
        phone.Answer(HttpStatusCode.TooManyRequests, """{"message":"too many requests"}""", retryAfterSeconds: "300");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(phone));

        SmsProviderPeer.AssertRetriedAfter(delivery, TimeSpan.FromSeconds(300));
    }

    [Fact]
    public async Task AServerErrorIsRetried()
    {
        using var store = new TestStore();
        await using var phone = await SmsProviderPeer.StartAsync(HttpStatusCode.InternalServerError, """{"message":"internal error"}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(phone));

        SmsProviderPeer.AssertRetriedWithoutMarkingTheNumber(store, delivery);
    }

    [Fact]
    public async Task AnInvalidNumberIsRefusedAndMarkedFailing()
    {
        using var store = new TestStore();
        await using var phone = await SmsProviderPeer.StartAsync(HttpStatusCode.BadRequest, """{"message":"invalid phone number"}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(phone));

        SmsProviderPeer.AssertNumberRefused(store, delivery);
        Assert.Contains("invalid phone number", delivery.LastError);
    }

    [Fact]
    public async Task WrongCredentialsRefuseStatusHubAndMarkNoNumber()
    {
        using var store = new TestStore();
        await using var phone = await SmsProviderPeer.StartAsync(HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(phone));

        SmsProviderPeer.AssertRetriedWithoutMarkingTheNumber(store, delivery, "check Sms:AndroidGateway:BaseUrl, Sms:AndroidGateway:Username and Sms:AndroidGateway:Password");
    }

    [Fact]
    public void AMissingAddressIsNamedExactly()
    {
        var options = new SmsOptions { Provider = "android-gateway", AndroidGateway = { Username = "sms", Password = "p" } };

        Assert.StartsWith("missing Sms:AndroidGateway:BaseUrl (the phone's address", options.Problem());
    }

    [Fact]
    public async Task SignedDeliveredAndFailedEventsUpdateTheTextAndABadSignatureChangesNothing()
    {
        await using var phone = await SmsProviderPeer.StartAsync(HttpStatusCode.Accepted, Accepted);
        await using var app = SmsProviderPeer.App(_app, Settings(phone));
        using var client = app.CreateClient();
        var sent = await phone.SentThroughAppAsync(app);
        var failed = Hook("sms:failed", $$"""{"messageId":"{{sent.ExternalId}}","phoneNumber":"{{SmsProviderPeer.Number}}","simNumber":1,"reason":"RESULT_ERROR_NO_SERVICE","failedAt":"2026-12-04T12:00:00.000+00:00"}""");

        var forged = await PostHookAsync(client, failed, "not-the-key", _app.Time.GetUtcNow());
        var stale = await PostHookAsync(client, failed, SigningKey, _app.Time.GetUtcNow() - TimeSpan.FromMinutes(10));
        var untouched = SmsProviderPeer.Reread(app, sent);
        var signed = await PostHookAsync(client, failed, SigningKey, _app.Time.GetUtcNow());

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(DeliveryState.Sent, untouched.State);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var after = SmsProviderPeer.Reread(app, sent);
        Assert.Equal(DeliveryState.Failed, after.State);
        Assert.Contains("RESULT_ERROR_NO_SERVICE", after.LastError);
    }

    [Fact]
    public async Task ADeliveredEventNotesWhenItArrived()
    {
        await using var phone = await SmsProviderPeer.StartAsync(HttpStatusCode.Accepted, Accepted);
        await using var app = SmsProviderPeer.App(_app, Settings(phone));
        using var client = app.CreateClient();
        var sent = await phone.SentThroughAppAsync(app);

        var answer = await PostHookAsync(client, Hook("sms:delivered", $$"""{"messageId":"{{sent.ExternalId}}","phoneNumber":"{{SmsProviderPeer.Number}}","simNumber":1,"deliveredAt":"2026-12-04T12:00:00.000+00:00"}"""),
            SigningKey, _app.Time.GetUtcNow());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.NotNull(SmsProviderPeer.Reread(app, sent).DeliveredAt);
    }

    [Fact]
    public async Task AReceivedStopUnsubscribesTheNumberAndAForgedOneDoesNot()
    {
        await using var phone = await SmsProviderPeer.StartAsync(HttpStatusCode.Accepted, Accepted);
        await using var app = SmsProviderPeer.App(_app, Settings(phone));
        using var client = app.CreateClient();
        var subscribers = SmsProviderPeer.Subscribe(app);
        var stop = Hook("sms:received", $$"""{"messageId":"abc123","message":"STOP","phoneNumber":"{{SmsProviderPeer.Number}}","simNumber":1,"receivedAt":"2026-12-04T12:00:00.000+00:00"}""");

        var forged = await PostHookAsync(client, stop, "not-the-key", _app.Time.GetUtcNow(), "/sms/inbound");
        var stillThere = subscribers.Find(ChannelNames.Sms, SmsProviderPeer.Number);
        var signed = await PostHookAsync(client, stop, SigningKey, _app.Time.GetUtcNow(), "/sms/inbound");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.NotNull(stillThere);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        SmsProviderPeer.AssertLeftByThemselves(app, subscribers);
    }

    private static string Hook(string @event, string payload) =>
        $$"""{"deviceId":"ffffffffceb0b1db0000018e937c815b","event":"{{@event}}","id":"Ey6ECgOkVVFjz3CL48B8C","payload":{{payload}},"webhookId":"LreFUt-Z3sSq0JufY9uWB"}""";

    private static SmsOptions Options(SmsProviderPeer phone) => new()
    {
        Provider = "android-gateway",
        AndroidGateway = { BaseUrl = phone.Api.Url.ToString(), Username = "sms", Password = "phone-password" },
    };

    private static Dictionary<string, string> Settings(SmsProviderPeer phone) => new()
    {
        ["Sms:Provider"] = "android-gateway",
        ["Sms:AndroidGateway:BaseUrl"] = phone.Api.Url.ToString(),
        ["Sms:AndroidGateway:Username"] = "sms",
        ["Sms:AndroidGateway:Password"] = "phone-password",
        ["Sms:AndroidGateway:SigningKey"] = SigningKey,
    };

    /// <summary>Posts a webhook as the app does: X-Timestamp in Unix seconds, X-Signature over the raw body followed by it.</summary>
    private static Task<HttpResponseMessage> PostHookAsync(HttpClient client, string json, string key, DateTimeOffset at, string path = "/sms/status")
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(AndroidGatewaySms.TimestampHeader, timestamp);
        request.Headers.Add(AndroidGatewaySms.SignatureHeader, Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(json + timestamp))));
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
