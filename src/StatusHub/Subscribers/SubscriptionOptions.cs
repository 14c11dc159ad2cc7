namespace StatusHub.Subscribers;

/// <summary>
/// The <c>Subscribers</c> section: how hard the public sign-up endpoints may be pushed, and where webhooks may point.
/// Limits below 1 count as 1 rather than stopping the status page from starting.
/// </summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Subscribers";

    /// <summary>
    /// Lets webhook subscriptions point at loopback, link-local and private addresses. Off by default: anyone can
    /// subscribe a URL, and the status page must not become a way into the network it runs in.
    /// </summary>
    public bool AllowPrivateWebhooks { get; set; }

    /// <summary>Sign-up and confirmation requests one client IP may make per <see cref="RequestWindow"/>.</summary>
    public int RequestsPerWindow { get; set; } = 10;

    public TimeSpan RequestWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Confirmation codes one number may be sent per hour, whoever asks.</summary>
    public int SmsCodesPerHour { get; set; } = 3;
}
