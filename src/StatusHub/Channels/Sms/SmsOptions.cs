using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Sms;

/// <summary>
/// The <c>Sms</c> section: which gateway carries the texts (<see cref="Provider"/>), its keys in a subsection named after
/// it, and what every provider shares (recipients, events, pace).
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary><c>webhook</c> (signed JSON to <see cref="WebhookUrl"/>, the default), <c>twilio</c>, <c>vonage</c>, <c>messagebird</c> or <c>android-gateway</c>.</summary>
    public string? Provider { get; set; }

    public TwilioOptions Twilio { get; set; } = new();

    public VonageOptions Vonage { get; set; } = new();

    public MessageBirdOptions MessageBird { get; set; } = new();

    public AndroidGatewayOptions AndroidGateway { get; set; } = new();

    /// <summary>Where to POST <c>{"to","text","id"}</c>.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>HMAC-SHA256 key for the signature header; keep it out of committed files (environment: <c>Sms__Secret</c>).</summary>
    public string? Secret { get; set; }

    /// <summary>Numbers (E.164, e.g. +441234567890) that get every SMS notice, besides subscribers.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>Only the big events go out by SMS unless <see cref="Events"/> says otherwise, as Statuspage does.</summary>
    public static readonly IReadOnlyList<string> DefaultEvents = ["incident_created", "incident_resolved", "maintenance_started"];

    /// <summary>
    /// Events sent by SMS (<c>Sms:Events:0=incident_updated</c>, …); empty means <see cref="DefaultEvents"/>.
    /// Empty rather than pre-filled because the configuration binder appends to a list it finds filled, so a
    /// configured list would never replace the defaults.
    /// </summary>
    public List<string> Events { get; set; } = [];

    public IReadOnlyList<string> EffectiveEvents => Events.Count > 0 ? Events : DefaultEvents;

    /// <summary>
    /// The one switch for texting published post-mortems, off by default as texts cost money and a link to a long read
    /// suits them least; kept in the post-mortems' section because that is where staff look for it. It decides whether SMS carries the event, whatever <see cref="Events"/> lists, so the preview
    /// staff see and what is sent agree.
    /// </summary>
    public const string PostmortemsSwitch = "Postmortems:NotifySms";

    internal void ApplyPostmortemsSwitch(bool textPostmortems)
    {
        var wire = NotificationEvent.PostmortemPublished.ToWire();
        var events = EffectiveEvents.Where(e => !string.Equals(e, wire, StringComparison.OrdinalIgnoreCase)).ToList();
        if (textPostmortems)
        {
            events.Add(wire);
        }

        Events = events;
    }

    public int PerSecond { get; set; } = 10;

    /// <summary>The provider <see cref="Provider"/> names, or null with <see cref="Problem"/> saying why.</summary>
    public ISmsGateway? Gateway => SmsGateways.Find(Provider);

    public string? Problem() => Gateway is { } gateway ? gateway.Problem(this) : SmsGateways.UnknownProvider(Provider);

    /// <summary>What the <c>webhook</c> provider needs: <see cref="WebhookUrl"/> and <see cref="Secret"/>.</summary>
    internal string? WebhookProblem()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(WebhookUrl))
        {
            missing.Add("Sms:WebhookUrl (the gateway's https URL)");
        }
        else if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"Sms:WebhookUrl '{WebhookUrl}' is not an absolute http(s) URL";
        }

        if (string.IsNullOrWhiteSpace(Secret))
        {
            missing.Add("Sms:Secret (the shared HMAC key)");
        }

        return missing.Count == 0 ? null : "missing " + string.Join(" and ", missing);
    }
}
