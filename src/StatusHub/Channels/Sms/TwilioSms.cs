using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using StatusHub.Text;

namespace StatusHub.Channels.Sms;

/// <summary>
/// Twilio's Programmable Messaging. Sending is "Create a Message resource"
/// (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
/// <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>, form-encoded <c>To</c>, <c>Body</c>, <c>From</c> or
/// <c>MessagingServiceSid</c>, <c>StatusCallback</c>, with HTTP Basic auth (account SID, auth token); 201 answers the
/// Message resource (<c>sid</c>), errors answer <c>{"code","message","more_info","status"}</c> (https://www.twilio.com/docs/api/errors).
/// Status callbacks and inbound messages are form posts signed with <c>X-Twilio-Signature</c>
/// (https://www.twilio.com/docs/usage/security#validating-requests): Base64(HMAC-SHA1(auth token, the full URL followed
/// by every POST parameter sorted by name, name then value)). Inbound messages are answered with TwiML.
/// </summary>
public sealed class TwilioSms : ISmsGateway
{
    public const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>
    /// Error codes that refuse the number, not StatusHub: 21211 invalid 'To', 21217 not a valid number, 21610 the
    /// recipient replied STOP to this sender, 21612 unroutable, 21614 not a mobile number.
    /// Others (20003 authentication, 21606 'From' cannot send SMS, 21408 region not enabled …) are the account's.
    /// </summary>
    private static readonly HashSet<int> NumberCodes = [21211, 21217, 21610, 21612, 21614];

    public string Name => "twilio";

    public string CredentialKeys => "Sms:Twilio:AccountSid, Sms:Twilio:AuthToken and Sms:Twilio:From or Sms:Twilio:MessagingServiceSid";

    public string? Problem(SmsOptions options)
    {
        var twilio = options.Twilio;
        return SmsGateways.NotAUrl("Sms:Twilio:BaseUrl", twilio.BaseUrl) ??
            SmsGateways.Missing(
                ("Sms:Twilio:AccountSid", twilio.AccountSid, "the account SID, AC…"),
                ("Sms:Twilio:AuthToken", twilio.AuthToken, "the account's auth token"),
                ("Sms:Twilio:From", twilio.From ?? twilio.MessagingServiceSid, "the sending number, or Sms:Twilio:MessagingServiceSid"));
    }

    public HttpRequestMessage Request(SmsOptions options, SmsToSend message, DateTimeOffset now)
    {
        var twilio = options.Twilio;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("To", message.To),
            new("Body", message.Text),
            string.IsNullOrWhiteSpace(twilio.MessagingServiceSid) ? new("From", twilio.From!) : new("MessagingServiceSid", twilio.MessagingServiceSid),
            new("StatusCallback", message.StatusUrl),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, SmsGateways.Under(twilio.BaseUrl, $"/2010-04-01/Accounts/{Uri.EscapeDataString(twilio.AccountSid!)}/Messages.json"))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}")));
        return request;
    }

    public SmsVerdict Read(SmsAnswer answer)
    {
        if (answer.IsSuccess)
        {
            return new SmsVerdict.Sent(answer.Field("sid"));
        }

        var what = answer.Field("code") is { } code ? $"{answer.What}, Twilio {code}: {answer.Field("message")}" : answer.What;
        return answer.IsWorthRetrying ? new SmsVerdict.Retry(what)
            : int.TryParse(answer.Field("code"), out var number) && NumberCodes.Contains(number) ? new SmsVerdict.NumberRefused(what)
            : new SmsVerdict.GatewayRefused(what);
    }

    public SmsCallback Read(SmsOptions options, SmsWebhookRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(options.Twilio.AuthToken) || !SecretText.Same(request.Header(SignatureHeader), Signature(options.Twilio.AuthToken, request.Url, request.Parameters)))
        {
            return new SmsCallback.Refused($"{SignatureHeader} does not verify with Sms:Twilio:AuthToken for {request.Url}");
        }

        // Status callbacks: https://www.twilio.com/docs/messaging/guides/track-outbound-message-status (MessageSid, MessageStatus, ErrorCode).
        if (request.Parameter("MessageStatus") is { } status && request.Parameter("MessageSid") is { } sid)
        {
            return status switch
            {
                "delivered" => new SmsCallback.Receipt(sid, Delivered: true, null),
                "undelivered" or "failed" => new SmsCallback.Receipt(sid, Delivered: false, $"Twilio reports the text {status} (error {request.Parameter("ErrorCode") ?? "unknown"})"),
                _ => new SmsCallback.Ignored(),
            };
        }

        // An incoming message: https://www.twilio.com/docs/messaging/guides/webhook-request (From, Body).
        return request.Parameter("From") is { } from && request.Parameter("Body") is { } body ? new SmsCallback.Inbound(from, body) : new SmsCallback.Ignored();
    }

    /// <summary>An empty <c>&lt;Response&gt;</c>: no reply text (the carrier or Twilio's own opt-out answers STOP).</summary>
    public (string Body, string ContentType)? InboundReply => ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>", "text/xml");

    /// <summary>What Twilio puts in <see cref="SignatureHeader"/> for a request to <paramref name="url"/> with these POST parameters.</summary>
    public static string Signature(string authToken, Uri url, IReadOnlyDictionary<string, string> parameters)
    {
        var data = new StringBuilder(url.AbsoluteUri);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
