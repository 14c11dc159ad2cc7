using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StatusHub.Text;

namespace StatusHub.Channels.Sms;

/// <summary>
/// Vonage's Messages API (https://developer.vonage.com/en/api/messages): <c>POST /v1/messages</c> with
/// <c>{"message_type":"text","channel":"sms","to","from","text","client_ref"}</c> (numbers without the plus) and Basic
/// auth (API key, secret); 202 answers <c>{"message_uuid"}</c>, errors are problem documents
/// (<c>{"type","title","detail","invalid_parameters":[{"name","reason"}]}</c>). The message status webhook
/// (https://developer.vonage.com/en/messages/concepts/signed-webhooks) posts JSON with <c>message_uuid</c> and
/// <c>status</c> (submitted, delivered, rejected, undeliverable), with <c>Authorization: Bearer</c> an HS256 JWT signed
/// with the signature secret whose <c>payload_hash</c> is the body's SHA-256.
/// </summary>
public sealed class VonageSms : ISmsGateway
{
    public string Name => "vonage";

    public string CredentialKeys => "Sms:Vonage:Key, Sms:Vonage:Secret and Sms:Vonage:From";

    public string? Problem(SmsOptions options)
    {
        var vonage = options.Vonage;
        return SmsGateways.NotAUrl("Sms:Vonage:BaseUrl", vonage.BaseUrl) ??
            SmsGateways.Missing(
                ("Sms:Vonage:Key", vonage.Key, "the account's API key"),
                ("Sms:Vonage:Secret", vonage.Secret, "the account's API secret"),
                ("Sms:Vonage:From", vonage.From, "the sending number or sender id"));
    }

    public HttpRequestMessage Request(SmsOptions options, SmsToSend message, DateTimeOffset now)
    {
        var vonage = options.Vonage;
        var request = new HttpRequestMessage(HttpMethod.Post, SmsGateways.Under(vonage.BaseUrl, "/v1/messages"))
        {
            Content = JsonContent.Create(new Dictionary<string, string>
            {
                ["message_type"] = "text",
                ["channel"] = "sms",
                ["to"] = SmsGateways.Digits(message.To),
                ["from"] = SmsGateways.Digits(vonage.From!),
                ["text"] = message.Text,
                ["client_ref"] = message.DeliveryId,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{vonage.Key}:{vonage.Secret}")));
        return request;
    }

    /// <summary>A 400 or 422 whose invalid parameter is <c>to</c> refuses the number; any other refusal is the account's.</summary>
    public SmsVerdict Read(SmsAnswer answer)
    {
        var what = answer.Field("title") is { } title ? $"{answer.What}: {title} {answer.Field("detail")}".TrimEnd() : answer.What;
        return answer switch
        {
            { IsSuccess: true } => new SmsVerdict.Sent(answer.Field("message_uuid")),
            { IsWorthRetrying: true } => new SmsVerdict.Retry(what),
            { Status: HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity } when NamesTo(answer.Json) => new SmsVerdict.NumberRefused(what),
            _ => new SmsVerdict.GatewayRefused(what),
        };
    }

    public SmsCallback Read(SmsOptions options, SmsWebhookRequest request, DateTimeOffset now)
    {
        var secret = options.Vonage.SignatureSecret;
        var bearer = request.Header("Authorization") is { } authorization && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        if (string.IsNullOrWhiteSpace(secret) || SmsSignatures.VerifiedJwtClaims(bearer, secret, now) is not { } claims ||
            !SecretText.Same(SmsSignatures.Claim(claims, "payload_hash"), SmsSignatures.Sha256Hex(request.Body)))
        {
            return new SmsCallback.Refused("Authorization: Bearer is not a JWT signed with Sms:Vonage:SignatureSecret over this body");
        }

        try
        {
            var status = JsonSerializer.Deserialize<Status>(request.Body);
            return status switch
            {
                { MessageUuid: { } id, State: "delivered" } => new SmsCallback.Receipt(id, Delivered: true, null),
                { MessageUuid: { } id, State: "rejected" or "undeliverable" } => new SmsCallback.Receipt(id, Delivered: false,
                    $"Vonage reports the text {status.State}: {status.Error?.Title} {status.Error?.Detail}".TrimEnd()),
                _ => new SmsCallback.Ignored(),
            };
        }
        catch (JsonException)
        {
            return new SmsCallback.Malformed("expected Vonage's message status JSON");
        }
    }

    private static bool NamesTo(JsonElement problem) =>
        (problem.TryGetProperty("invalid_parameters", out var invalid) && invalid.ValueKind == JsonValueKind.Array &&
            invalid.EnumerateArray().Any(p => p.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == "to")) ||
        (problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String && detail.GetString()!.Contains("`to`", StringComparison.Ordinal));

    private sealed record Status(
        [property: System.Text.Json.Serialization.JsonPropertyName("message_uuid")] string? MessageUuid,
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string? State,
        [property: System.Text.Json.Serialization.JsonPropertyName("error")] StatusError? Error);

    private sealed record StatusError(
        [property: System.Text.Json.Serialization.JsonPropertyName("title")] string? Title,
        [property: System.Text.Json.Serialization.JsonPropertyName("detail")] string? Detail);
}
