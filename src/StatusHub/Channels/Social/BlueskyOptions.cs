namespace StatusHub.Channels.Social;

/// <summary>
/// The <c>Social:Bluesky</c> section: one account on a PDS (Bluesky's own by default) signed in with an app password,
/// off until the handle and the app password are set.
/// </summary>
public sealed class BlueskyOptions
{
    public const string Section = "Social:Bluesky";
    public const string DefaultService = "https://bsky.social";

    /// <summary>The account's PDS (or the entryway, which forwards to it).</summary>
    public string Service { get; set; } = DefaultService;

    /// <summary>The account's handle (<c>status.example.com</c>), DID or email.</summary>
    public string? Identifier { get; set; }

    /// <summary>Secret (<c>Social__Bluesky__AppPassword</c>): an app password from Settings → Privacy and security → App passwords, never the account's password.</summary>
    public string? AppPassword { get; set; }

    /// <summary>The one target: the account, so the thread of an incident is kept per account.</summary>
    public string? Target => string.IsNullOrWhiteSpace(Identifier) ? null : Identifier.Trim();

    public string? Problem() =>
        Sms.SmsGateways.NotAUrl($"{Section}:Service", Service)
        ?? Sms.SmsGateways.Missing(
            ($"{Section}:Identifier", Identifier, "the account's handle, e.g. status.example.com"),
            ($"{Section}:AppPassword", AppPassword, "an app password from Settings → Privacy and security → App passwords"));
}
