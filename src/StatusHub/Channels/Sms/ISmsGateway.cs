using System.Net;
using System.Text.Json;

namespace StatusHub.Channels.Sms;

/// <summary>
/// One SMS provider behind <see cref="SmsChannel"/>: how to ask it to send one text, how to read its answer, and how to
/// read (and check the signature of) what it posts back. Retries, pace and dead letters belong to the outbox, not here.
/// </summary>
public interface ISmsGateway
{
    /// <summary>The value of <c>Sms:Provider</c> that picks it.</summary>
    string Name { get; }

    /// <summary>The keys that decide whether the provider takes StatusHub at all, named when it refuses it.</summary>
    string CredentialKeys { get; }

    /// <summary>Null when every key it needs is there; otherwise exactly which key is missing or wrong.</summary>
    string? Problem(SmsOptions options);

    HttpRequestMessage Request(SmsOptions options, SmsToSend message, DateTimeOffset now);

    SmsVerdict Read(SmsAnswer answer);

    /// <summary>A delivery report or an inbound text the provider posted to StatusHub; <see cref="SmsCallback.Refused"/> unless its signature holds.</summary>
    SmsCallback Read(SmsOptions options, SmsWebhookRequest request, DateTimeOffset now);

    /// <summary>What the provider expects back from the inbound webhook (Twilio: empty TwiML), or null for a plain JSON answer.</summary>
    (string Body, string ContentType)? InboundReply => null;
}

/// <summary>One text to one number.</summary>
/// <param name="StatusUrl">Where a provider that takes a report address per message should report delivery.</param>
public sealed record SmsToSend(string To, string Text, string DeliveryId, string StatusUrl);

/// <summary>The provider's answer: status and the start of the body (enough for any error document).</summary>
public sealed record SmsAnswer(HttpStatusCode Status, string? Reason, string Body)
{
    public const int MaxBodyChars = 16 * 1024;

    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>429, 408 and 5xx: the provider is busy or down, not refusing this text.</summary>
    public bool IsWorthRetrying => Status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)Status >= 500;

    public string What => $"HTTP {(int)Status} {Reason}".TrimEnd();

    /// <summary>A top-level string or number of the JSON body, as text; null when there is none.</summary>
    public string? Field(string name) =>
        Json.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.ToString() : null;

    /// <summary>The body as JSON, or an empty object when it is not JSON (a proxy's HTML error page).</summary>
    public JsonElement Json
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return Empty;
            }
        }
    }
}

/// <summary>What a provider's answer means, whatever its shape.</summary>
public abstract record SmsVerdict
{
    public sealed record Sent(string? MessageId) : SmsVerdict;

    /// <summary>Busy or down (429, 5xx): try again later, after Retry-After when it says.</summary>
    public sealed record Retry(string Why) : SmsVerdict;

    /// <summary>This number will never take a text (invalid, landline, opted out at the provider): the number is marked failing.</summary>
    public sealed record NumberRefused(string Why) : SmsVerdict;

    /// <summary>The provider refuses StatusHub itself (credentials, sender, account): retried like an outage, no number marked failing.</summary>
    public sealed record GatewayRefused(string Why) : SmsVerdict;
}

/// <summary>A request a provider made to StatusHub, as its signature covers it.</summary>
/// <param name="Url">The address the provider called: the page's public address with this request's path and query.</param>
/// <param name="Parameters">The form fields of a form post, else the query's.</param>
public sealed record SmsWebhookRequest(string Method, Uri Url, string Body, IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What a provider posted, once its signature held.</summary>
public abstract record SmsCallback
{
    /// <summary>The signature is missing or wrong, or the key to check it is not configured: nothing is read.</summary>
    public sealed record Refused(string Why) : SmsCallback;

    public sealed record Malformed(string Why) : SmsCallback;

    /// <summary>The final word on a text: <paramref name="MessageId"/> is the provider's id, as its answer to the send gave it.</summary>
    public sealed record Receipt(string MessageId, bool Delivered, string? Error) : SmsCallback;

    public sealed record Inbound(string From, string Text) : SmsCallback;

    /// <summary>Signed and well formed, but nothing to do (an intermediate status, an event StatusHub does not use).</summary>
    public sealed record Ignored : SmsCallback;
}
