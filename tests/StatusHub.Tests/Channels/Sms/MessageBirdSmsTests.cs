using System.Net;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;

namespace StatusHub.Tests.Channels.Sms;

/// <summary>MessageBird's SMS REST API as documented: AccessKey auth, 201 with the message, {"errors":[{"code"}]}, JWT-signed status reports (GET).</summary>
public sealed class MessageBirdSmsTests : IAsyncDisposable
{
    private const string SigningKey = "messagebird-signing-key";
    private const string Created = """{"id":"e8077d803532c0b5937c639b60216938","href":"https://rest.messagebird.com/messages/e8077d803532c0b5937c639b60216938","direction":"mt","type":"sms","originator":"Acme","recipients":{"totalCount":1,"totalSentCount":1,"items":[{"recipient":447700900123,"status":"sent"}]}}""";
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PostsTheMessageWithTheAccessKeyAReferenceAndAReportUrlAndKeepsItsId()
    {
        using var store = new TestStore();
        await using var bird = await SmsProviderPeer.StartAsync(HttpStatusCode.Created, Created);

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(bird));

        var request = Assert.Single(bird.Api.Received);
        Assert.Equal("/messages", request.Path);
        Assert.Equal("AccessKey live-access-key", request.Header("Authorization"));
        Assert.Equal(("Acme", "447700900123"), (request.Json.GetProperty("originator").GetString(), request.Json.GetProperty("recipients")[0].GetString()));
        Assert.StartsWith("Acme: Checkout is down (Investigating).", request.Json.GetProperty("body").GetString());
        Assert.Equal(delivery.Id, request.Json.GetProperty("reference").GetString());
        Assert.Equal($"{ChannelApp.PageUrl}/sms/status", request.Json.GetProperty("reportUrl").GetString());
        Assert.Equal((DeliveryState.Sent, "e8077d803532c0b5937c639b60216938"), (delivery.State, delivery.ExternalId));
    }

    [Fact]
    public async Task TooManyRequestsIsRetriedAfterItsRetryAfter()
    {
        using var store = new TestStore();
        await using var bird = await SmsProviderPeer.StartAsync(HttpStatusCode.Created, Created);
        bird.Answer(HttpStatusCode.TooManyRequests, """{"errors":[{"code":98,"description":"Too many requests","parameter":null}]}""", retryAfterSeconds: "60");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(bird));

        SmsProviderPeer.AssertRetriedAfter(delivery, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task AServerErrorIsRetried()
    {
        using var store = new TestStore();
        await using var bird = await SmsProviderPeer.StartAsync(HttpStatusCode.BadGateway, "<html>bad gateway</html>");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(bird));

        SmsProviderPeer.AssertRetriedWithoutMarkingTheNumber(store, delivery);
    }

    [Fact]
    public async Task NoCorrectRecipientsRefusesTheNumber()
    {
        using var store = new TestStore();
        await using var bird = await SmsProviderPeer.StartAsync(HttpStatusCode.UnprocessableEntity, """{"errors":[{"code":9,"description":"no (correct) recipients found","parameter":"recipients"}]}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(bird));

        SmsProviderPeer.AssertNumberRefused(store, delivery);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, 2, "Request not allowed (incorrect access_key)")]
    [InlineData(HttpStatusCode.UnprocessableEntity, 25, "Not enough balance")]
    public async Task AWrongAccessKeyOrAnEmptyBalanceRefusesStatusHubAndMarksNoNumber(HttpStatusCode status, int code, string description)
    {
        using var store = new TestStore();
        await using var bird = await SmsProviderPeer.StartAsync(status, $$"""{"errors":[{"code":{{code}},"description":"{{description}}","parameter":null}]}""");

        var delivery = await SmsProviderPeer.SendOneAsync(store, Options(bird));

        SmsProviderPeer.AssertRetriedWithoutMarkingTheNumber(store, delivery, description);
    }

    [Fact]
    public async Task ASignedStatusReportUpdatesTheTextAndABadSignatureChangesNothing()
    {
        await using var bird = await SmsProviderPeer.StartAsync(HttpStatusCode.Created, Created);
        await using var app = SmsProviderPeer.App(_app, new Dictionary<string, string>
        {
            ["Sms:Provider"] = "messagebird",
            ["Sms:MessageBird:BaseUrl"] = bird.Api.Url.ToString(),
            ["Sms:MessageBird:AccessKey"] = "live-access-key",
            ["Sms:MessageBird:Originator"] = "Acme",
            ["Sms:MessageBird:SigningKey"] = SigningKey,
        });
        using var client = app.CreateClient();
        var sent = await bird.SentThroughAppAsync(app);
        var path = $"/sms/status?id={sent.ExternalId}&reference={Uri.EscapeDataString(sent.Id)}&recipient=447700900123&status=delivery_failed&statusErrorCode=104&statusDatetime=2026-12-04T12%3A00%3A00%2B00%3A00";

        var forged = await GetAsync(client, path, SmsProviderPeer.Jwt(Claims(path), "not-the-key"));
        var otherUrl = await GetAsync(client, path, SmsProviderPeer.Jwt(Claims(path.Replace("delivery_failed", "delivered", StringComparison.Ordinal)), SigningKey));
        var untouched = SmsProviderPeer.Reread(app, sent);
        var signed = await GetAsync(client, path, SmsProviderPeer.Jwt(Claims(path), SigningKey));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (forged.StatusCode, otherUrl.StatusCode));
        Assert.Equal(DeliveryState.Sent, untouched.State);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var after = SmsProviderPeer.Reread(app, sent);
        Assert.Equal(DeliveryState.Failed, after.State);
        Assert.Contains("delivery_failed (error 104)", after.LastError);
    }

    private object Claims(string path)
    {
        var now = _app.Time.GetUtcNow().ToUnixTimeSeconds();
        return new { iss = "MessageBird", nbf = now, exp = now + 60, jti = "0b4e8a3e-7f3c-4d6c-9b51-3a0c3b5d2f11", url_hash = SmsSignatures.Sha256Hex(new Uri("https://status.example.com" + path).AbsoluteUri) };
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string jwt)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(MessageBirdSms.SignatureHeader, jwt);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static SmsOptions Options(SmsProviderPeer bird) => new()
    {
        Provider = "messagebird",
        MessageBird = { BaseUrl = bird.Api.Url.ToString(), AccessKey = "live-access-key", Originator = "Acme" },
    };
}
