using System.Net;
using System.Text;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;

namespace StatusHub.Tests.Channels.Sms;

/// <summary>Vonage's Messages API as documented: JSON with Basic auth, 202 {"message_uuid"}, problem documents, JWT-signed status webhooks.</summary>
public sealed class VonageSmsTests : IAsyncDisposable
{
    private const string SignatureSecret = "vonage-signature-secret";
    private const string Accepted = """{"message_uuid":"aaaaaaaa-bbbb-cccc-dddd-0123456789ab"}""";
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PostsAnSmsTextMessageWithBasicAuthAndKeepsTheMessageUuid()
    {
        using var store = new TestStore();
        await using var vonage = await SmsProviderPeer.StartAsync(HttpStatusCode.Accepted, Accepted);

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(vonage));

        var request = Assert.Single(vonage.Api.Received);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("abcd1234:vonage-secret")), request.Header("Authorization"));
        Assert.Equal(("text", "sms", "447700900123", "447700900000"),
            (request.Json.GetProperty("message_type").GetString(), request.Json.GetProperty("channel").GetString(), request.Json.GetProperty("to").GetString(), request.Json.GetProperty("from").GetString()));
        Assert.StartsWith("Acme: Checkout is down (Investigating).", request.Json.GetProperty("text").GetString());
        Assert.Equal(delivery.Id, request.Json.GetProperty("client_ref").GetString());
        Assert.Equal((DeliveryState.Sent, "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"), (delivery.State, delivery.ExternalId));
    }

    [Fact]
    public async Task TooManyRequestsIsRetriedAfterItsRetryAfter()
    {
        using var store = new TestStore();
        await using var vonage = await SmsProviderPeer.StartAsync(HttpStatusCode.Accepted, Accepted);
        vonage.Answer(HttpStatusCode.TooManyRequests, """{"type":"https://developer.vonage.com/api-errors#throttled","title":"Rate Limit Hit"}""", retryAfterSeconds: "120");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(vonage));

        SmsProviderPeer.AssertRetriedAfter(delivery, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task AServerErrorIsRetried()
    {
        using var store = new TestStore();
        await using var vonage = await SmsProviderPeer.StartAsync(HttpStatusCode.InternalServerError, """{"type":"https://developer.vonage.com/api-errors#internal-error","title":"Internal Error"}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(vonage));

        SmsProviderPeer.AssertRetriedWithoutMarkingTheNumber(store, delivery);
    }

    [Fact]
    public async Task AnInvalidToIsRefusedAndMarkedFailing()
    {
        using var store = new TestStore();
        await using var vonage = await SmsProviderPeer.StartAsync(HttpStatusCode.UnprocessableEntity,
            """{"type":"https://developer.vonage.com/api-errors/messages#1150","title":"Invalid params","detail":"The value of one or more parameters is invalid.","invalid_parameters":[{"name":"to","reason":"Invalid number"}]}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(vonage));

        SmsProviderPeer.AssertNumberRefused(store, delivery);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "from")]
    [InlineData(HttpStatusCode.UnprocessableEntity, "from")]
    public async Task WrongCredentialsOrSenderRefuseStatusHubAndMarkNoNumber(HttpStatusCode status, string parameter)
    {
        using var store = new TestStore();
        await using var vonage = await SmsProviderPeer.StartAsync(status,
            $$"""{"type":"https://developer.vonage.com/api-errors#unauthorized","title":"Refused","invalid_parameters":[{"name":"{{parameter}}","reason":"not allowed"}]}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(vonage));

        SmsProviderPeer.AssertRetriedWithoutMarkingTheNumber(store, delivery, "check Sms:Vonage:Key, Sms:Vonage:Secret and Sms:Vonage:From");
    }

    [Fact]
    public async Task ASignedStatusWebhookUpdatesTheTextAndABadSignatureChangesNothing()
    {
        await using var vonage = await SmsProviderPeer.StartAsync(HttpStatusCode.Accepted, Accepted);
        await using var app = SmsProviderPeer.App(_app, new Dictionary<string, string>
        {
            ["Sms:Provider"] = "vonage",
            ["Sms:Vonage:BaseUrl"] = vonage.Api.Url.ToString(),
            ["Sms:Vonage:Key"] = "abcd1234",
            ["Sms:Vonage:Secret"] = "vonage-secret",
            ["Sms:Vonage:From"] = "447700900000",
            ["Sms:Vonage:SignatureSecret"] = SignatureSecret,
        });
        using var client = app.CreateClient();
        var sent = await vonage.SentThroughAppAsync(app);
        var json = $$"""{"message_uuid":"{{sent.ExternalId}}","to":"447700900123","from":"447700900000","timestamp":"2026-12-04T12:00:00Z","status":"rejected","error":{"type":"https://developer.vonage.com/api-errors/messages#1320","title":"1320","detail":"Message failed because the number is blocked"},"channel":"sms"}""";

        var forged = await PostAsync(client, json, SmsProviderPeer.Jwt(Claims(json), "not-the-secret"));
        var otherBody = await PostAsync(client, json, SmsProviderPeer.Jwt(Claims("{}"), SignatureSecret));
        var untouched = SmsProviderPeer.Reread(app, sent);
        var signed = await PostAsync(client, json, SmsProviderPeer.Jwt(Claims(json), SignatureSecret));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (forged.StatusCode, otherBody.StatusCode));
        Assert.Equal(DeliveryState.Sent, untouched.State);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var after = SmsProviderPeer.Reread(app, sent);
        Assert.Equal(DeliveryState.Failed, after.State);
        Assert.Contains("number is blocked", after.LastError);
    }

    private object Claims(string body) => new
    {
        iat = _app.Time.GetUtcNow().ToUnixTimeSeconds(),
        jti = "8d1d4b70-3c7e-4f0a-9b8c-8e3d1b2a6c01",
        iss = "Vonage",
        payload_hash = SmsSignatures.Sha256Hex(body),
        api_key = "abcd1234",
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string jwt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/sms/status") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", jwt);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static SmsOptions Options(SmsProviderPeer vonage) => new()
    {
        Provider = "vonage",
        Vonage = { BaseUrl = vonage.Api.Url.ToString(), Key = "abcd1234", Secret = "vonage-secret", From = "+447700900000" },
    };
}
