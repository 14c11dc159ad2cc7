using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using StatusHub.Text;

namespace StatusHub.Channels.Sms;

/// <summary>
/// MessageBird's (Bird's) SMS messaging REST API (https://developers.messagebird.com/api/sms-messaging/#send-outbound-sms):
/// <c>POST /messages</c> with <c>Authorization: AccessKey …</c> and <c>{"originator","recipients":[…],"body","reference","reportUrl"}</c>;
/// 201 answers the message (<c>id</c>), errors answer <c>{"errors":[{"code","description","parameter"}]}</c> (code 2: bad
/// access key, 9: no correct recipients, 25: not enough balance). Status reports
/// (https://developers.messagebird.com/api/sms-messaging/#handle-a-status-report) are GETs to the report URL with
/// <c>id</c>, <c>status</c> (delivered, delivery_failed, expired …) and <c>statusErrorCode</c>, signed with
/// <c>MessageBird-Signature-JWT</c> (https://developers.messagebird.com/api/#verifying-http-requests): an HS256 JWT
/// signed with the signing key whose <c>url_hash</c> is the SHA-256 of the full URL (and <c>payload_hash</c> of a body).
/// </summary>
public sealed class MessageBirdSms : ISmsGateway
{
    public const string SignatureHeader = "MessageBird-Signature-JWT";

    public string Name => "messagebird";

    public string CredentialKeys => "Sms:MessageBird:AccessKey and Sms:MessageBird:Originator";

    public string? Problem(SmsOptions options)
    {
        var bird = options.MessageBird;
        return SmsGateways.NotAUrl("Sms:MessageBird:BaseUrl", bird.BaseUrl) ??
            SmsGateways.Missing(
                ("Sms:MessageBird:AccessKey", bird.AccessKey, "a live access key"),
                ("Sms:MessageBird:Originator", bird.Originator, "the sending number or up to 11 letters"));
    }

    public HttpRequestMessage Request(SmsOptions options, SmsToSend message, DateTimeOffset now)
    {
        var bird = options.MessageBird;
        var request = new HttpRequestMessage(HttpMethod.Post, SmsGateways.Under(bird.BaseUrl, "/messages"))
        {
            Content = JsonContent.Create(new
            {
                originator = bird.Originator,
                recipients = new[] { SmsGateways.Digits(message.To) },
                body = message.Text,
                reference = message.DeliveryId,
                reportUrl = message.StatusUrl,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("AccessKey", bird.AccessKey);
        return request;
    }

    public SmsVerdict Read(SmsAnswer answer)
    {
        var errors = answer.Json.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
        var what = errors.Count > 0 ? $"{answer.What}: {string.Join("; ", errors.Select(e => e.TryGetProperty("description", out var d) ? d.ToString() : ""))}" : answer.What;
        var namesRecipient = errors.Any(e =>
            (e.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() == 9) ||
            (e.TryGetProperty("parameter", out var parameter) && parameter.ValueKind == JsonValueKind.String && parameter.GetString() == "recipients"));
        return answer switch
        {
            { IsSuccess: true } => new SmsVerdict.Sent(answer.Field("id")),
            { IsWorthRetrying: true } => new SmsVerdict.Retry(what),
            { Status: HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest } when namesRecipient => new SmsVerdict.NumberRefused(what),
            _ => new SmsVerdict.GatewayRefused(what),
        };
    }

    public SmsCallback Read(SmsOptions options, SmsWebhookRequest request, DateTimeOffset now)
    {
        var key = options.MessageBird.SigningKey;
        if (string.IsNullOrWhiteSpace(key) || SmsSignatures.VerifiedJwtClaims(request.Header(SignatureHeader), key, now) is not { } claims ||
            !SecretText.Same(SmsSignatures.Claim(claims, "url_hash"), SmsSignatures.Sha256Hex(request.Url.AbsoluteUri)) ||
            (request.Body.Length > 0 && !SecretText.Same(SmsSignatures.Claim(claims, "payload_hash"), SmsSignatures.Sha256Hex(request.Body))))
        {
            return new SmsCallback.Refused($"{SignatureHeader} is not a JWT signed with Sms:MessageBird:SigningKey over this URL");
        }

        return (request.Parameter("id"), request.Parameter("status")) switch
        {
            ({ } id, "delivered") => new SmsCallback.Receipt(id, Delivered: true, null),
            ({ } id, "delivery_failed" or "expired") => new SmsCallback.Receipt(id, Delivered: false,
                $"MessageBird reports the text {request.Parameter("status")} (error {request.Parameter("statusErrorCode") ?? "unknown"})"),
            _ => new SmsCallback.Ignored(),
        };
    }
}
