using System.Net;
using System.Text.Json;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Channels.Sms;

/// <summary>
/// StatusHub's own shape, for a gateway of your own: a signed POST of <c>{"to","text","id"}</c> per number to
/// <c>Sms:WebhookUrl</c>, and replies posted back as signed <c>{"from","text"}</c>. No delivery reports.
/// </summary>
public sealed class WebhookSms : ISmsGateway
{
    public const string ProviderName = "webhook";

    public string Name => ProviderName;

    public string CredentialKeys => "Sms:WebhookUrl and Sms:Secret";

    public string? Problem(SmsOptions options) => options.WebhookProblem();

    public HttpRequestMessage Request(SmsOptions options, SmsToSend message, DateTimeOffset now) =>
        SignedPoster.SignedRequest(
            new Uri(options.WebhookUrl!),
            JsonSerializer.Serialize(new { to = message.To, text = message.Text, id = message.DeliveryId }),
            options.Secret!,
            message.DeliveryId,
            now);

    /// <summary>
    /// One gateway carries every number, so only 400 and 422 refuse a number. Any other 4xx refuses StatusHub itself
    /// (wrong URL, secret or account): every number would be marked failing for a setting.
    /// </summary>
    public SmsVerdict Read(SmsAnswer answer) => answer switch
    {
        { IsSuccess: true } => new SmsVerdict.Sent(null),
        { IsWorthRetrying: true } => new SmsVerdict.Retry(answer.What),
        { Status: HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity } => new SmsVerdict.NumberRefused(answer.What),
        _ => new SmsVerdict.GatewayRefused(answer.What),
    };

    public SmsCallback Read(SmsOptions options, SmsWebhookRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(options.Secret) ||
            !HookSigner.Verify(options.Secret, request.Body, request.Header(HookSigner.TimestampHeader), request.Header(HookSigner.SignatureHeader), now, SmsSignatures.Tolerance))
        {
            return new SmsCallback.Refused(
                $"sign the body with Sms:Secret as {HookSigner.SignatureHeader} and {HookSigner.TimestampHeader} (at most {SmsSignatures.Tolerance.TotalMinutes:0} minutes old)");
        }

        try
        {
            var message = JsonSerializer.Deserialize<InboundText>(request.Body, JsonSerializerOptions.Web);
            return message is { From: { } from, Text: { } text } ? new SmsCallback.Inbound(from, text) : new SmsCallback.Ignored();
        }
        catch (JsonException)
        {
            return new SmsCallback.Malformed("expected JSON {\"from\":\"+44…\",\"text\":\"STOP\"}");
        }
    }

    private sealed record InboundText(string? From, string? Text);
}
