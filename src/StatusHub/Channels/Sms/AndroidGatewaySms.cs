using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Channels.Sms;

/// <summary>
/// "SMS Gateway for Android" (https://github.com/capcom6/android-sms-gateway, docs https://docs.sms-gate.app): a phone of
/// your own sends the texts, for when the SMS provider is what is down. Sending is <c>POST {base}/message</c> with Basic
/// auth and <c>{"textMessage":{"text"},"phoneNumbers":[…]}</c>, answered 202 with the message's <c>id</c> and <c>state</c>.
/// Its webhooks (https://docs.sms-gate.app/features/webhooks/) post <c>{"event","payload":{…}}</c> for
/// <c>sms:received</c> (<c>phoneNumber</c>, <c>message</c>), <c>sms:delivered</c> and <c>sms:failed</c> (<c>messageId</c>,
/// <c>reason</c>), signed as <c>X-Signature</c> = hex HMAC-SHA256(signing key, raw body followed by <c>X-Timestamp</c>).
/// </summary>
public sealed class AndroidGatewaySms : ISmsGateway
{
    public const string SignatureHeader = "X-Signature";
    public const string TimestampHeader = "X-Timestamp";

    public string Name => "android-gateway";

    public string CredentialKeys => "Sms:AndroidGateway:BaseUrl, Sms:AndroidGateway:Username and Sms:AndroidGateway:Password";

    public string? Problem(SmsOptions options)
    {
        var android = options.AndroidGateway;
        return SmsGateways.Missing(
                ("Sms:AndroidGateway:BaseUrl", android.BaseUrl, "the phone's address, e.g. http://192.168.1.10:8080, or https://api.sms-gate.app/3rdparty/v1"),
                ("Sms:AndroidGateway:Username", android.Username, "the user the app shows"),
                ("Sms:AndroidGateway:Password", android.Password, "the password the app shows")) ??
            SmsGateways.NotAUrl("Sms:AndroidGateway:BaseUrl", android.BaseUrl);
    }

    public HttpRequestMessage Request(SmsOptions options, SmsToSend message, DateTimeOffset now)
    {
        var android = options.AndroidGateway;
        var request = new HttpRequestMessage(HttpMethod.Post, SmsGateways.Under(android.BaseUrl!, "/message"))
        {
            Content = JsonContent.Create(new { textMessage = new { text = message.Text }, phoneNumbers = new[] { message.To } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{android.Username}:{android.Password}")));
        return request;
    }

    /// <summary>
    /// The request's only part that changes is the number, so a 400 (the app's validation) refuses the number; 401/403
    /// are wrong credentials and 404 a wrong base URL, StatusHub's fault.
    /// </summary>
    public SmsVerdict Read(SmsAnswer answer)
    {
        var what = answer.Field("message") is { } message ? $"{answer.What}: {message}" : answer.What;
        return answer switch
        {
            { IsSuccess: true } => new SmsVerdict.Sent(answer.Field("id")),
            { IsWorthRetrying: true } => new SmsVerdict.Retry(what),
            { Status: HttpStatusCode.BadRequest } => new SmsVerdict.NumberRefused(what),
            _ => new SmsVerdict.GatewayRefused(what),
        };
    }

    public SmsCallback Read(SmsOptions options, SmsWebhookRequest request, DateTimeOffset now)
    {
        var key = options.AndroidGateway.SigningKey;
        var timestamp = request.Header(TimestampHeader);
        if (string.IsNullOrWhiteSpace(key) || !TimestampedHmac.IsFresh(timestamp, now, SmsSignatures.Tolerance) ||
            !TimestampedHmac.Matches(key, request.Body + timestamp, request.Header(SignatureHeader)))
        {
            return new SmsCallback.Refused($"{SignatureHeader} and {TimestampHeader} do not verify with Sms:AndroidGateway:SigningKey (or are more than {SmsSignatures.Tolerance.TotalMinutes:0} minutes off)");
        }

        try
        {
            var hook = JsonSerializer.Deserialize<Hook>(request.Body, JsonSerializerOptions.Web);
            var payload = hook?.Payload;
            return (hook?.Event, payload) switch
            {
                ("sms:delivered", { MessageId: { } id }) => new SmsCallback.Receipt(id, Delivered: true, null),
                ("sms:failed", { MessageId: { } id }) => new SmsCallback.Receipt(id, Delivered: false, $"the phone could not send it: {payload.Reason ?? "no reason given"}"),
                ("sms:received", { PhoneNumber: { } from, Message: { } text }) => new SmsCallback.Inbound(from, text),
                _ => new SmsCallback.Ignored(),
            };
        }
        catch (JsonException)
        {
            return new SmsCallback.Malformed("expected the gateway's webhook JSON {\"event\":\"sms:received\",\"payload\":{…}}");
        }
    }

    private sealed record Hook(string? Event, HookPayload? Payload);

    private sealed record HookPayload(string? MessageId, string? PhoneNumber, string? Message, string? Reason);
}
