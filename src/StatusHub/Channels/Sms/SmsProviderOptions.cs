namespace StatusHub.Channels.Sms;

/// <summary><c>Sms:Twilio</c>: the Messages API with the account's SID and auth token (Basic auth), from a number or a Messaging Service.</summary>
public sealed class TwilioOptions
{
    public string BaseUrl { get; set; } = "https://api.twilio.com";
    public string? AccountSid { get; set; }

    /// <summary>Secret (<c>Sms__Twilio__AuthToken</c>): it signs Basic auth out and checks <c>X-Twilio-Signature</c> in.</summary>
    public string? AuthToken { get; set; }

    public string? From { get; set; }
    public string? MessagingServiceSid { get; set; }
}

/// <summary><c>Sms:Vonage</c>: the Messages API (JSON, Basic auth with the API key and secret).</summary>
public sealed class VonageOptions
{
    public string BaseUrl { get; set; } = "https://api.nexmo.com";
    public string? Key { get; set; }

    /// <summary>Secret (<c>Sms__Vonage__Secret</c>).</summary>
    public string? Secret { get; set; }

    /// <summary>The sender: a Vonage number or an alphanumeric sender id.</summary>
    public string? From { get; set; }

    /// <summary>Secret: the account's signature secret, which signs the status webhooks' JWT (HS256); without it status webhooks are refused.</summary>
    public string? SignatureSecret { get; set; }
}

/// <summary><c>Sms:MessageBird</c>: the SMS messaging REST API (<c>Authorization: AccessKey …</c>).</summary>
public sealed class MessageBirdOptions
{
    public string BaseUrl { get; set; } = "https://rest.messagebird.com";

    /// <summary>Secret (<c>Sms__MessageBird__AccessKey</c>).</summary>
    public string? AccessKey { get; set; }

    /// <summary>The sender: a number or up to 11 letters and digits.</summary>
    public string? Originator { get; set; }

    /// <summary>Secret: the signing key of <c>MessageBird-Signature-JWT</c> on status reports; without it status reports are refused.</summary>
    public string? SigningKey { get; set; }
}

/// <summary>
/// <c>Sms:AndroidGateway</c>: the self-hosted "SMS Gateway for Android" (capcom6/android-sms-gateway), on the phone itself
/// (<c>http://phone:8080</c>) or through its cloud or private server (<c>https://api.sms-gate.app/3rdparty/v1</c>).
/// </summary>
public sealed class AndroidGatewayOptions
{
    public string? BaseUrl { get; set; }
    public string? Username { get; set; }

    /// <summary>Secret (<c>Sms__AndroidGateway__Password</c>).</summary>
    public string? Password { get; set; }

    /// <summary>Secret: the app's webhook signing key (Settings → Webhooks), checked on <c>X-Signature</c>; without it webhooks are refused.</summary>
    public string? SigningKey { get; set; }
}
