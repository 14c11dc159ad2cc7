using System.ComponentModel.DataAnnotations;

namespace StatusHub.Subscribers;

/// <summary>
/// The <c>Subscribers</c> section: how long sign-up links live, how hard the public sign-up may be pushed,
/// and where subscribers' webhooks may point.
/// </summary>
public sealed class SubscribersOptions
{
    public const string Section = "Subscribers";

    /// <summary>Sign-ups and SMS codes one client IP may send per <see cref="RequestWindow"/>.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Subscribers:RequestsPerWindow must be a number above 0 (default 10).")]
    public int RequestsPerWindow { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Subscribers:RequestWindow must be a time span such as 00:10:00.")]
    public TimeSpan RequestWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Requests through subscribers' own links (email confirmation, preferences, leaving) one client IP may make per <see cref="RequestWindow"/>.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Subscribers:LinkRequestsPerWindow must be a number above 0 (default 100).")]
    public int LinkRequestsPerWindow { get; set; } = 100;

    /// <summary>Confirmation (or "already subscribed") messages one address may be sent per hour, whoever asks.</summary>
    [Range(1, 1000, ErrorMessage = "Subscribers:MessagesPerAddressPerHour must be a number above 0 (default 3).")]
    public int MessagesPerAddressPerHour { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Subscribers:ConfirmationValidFor must be a time span such as 7.00:00:00.")]
    public TimeSpan ConfirmationValidFor { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ErrorMessage = "Subscribers:PreferencesLinkValidFor must be a time span such as 30.00:00:00.")]
    public TimeSpan PreferencesLinkValidFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Confirmation codes one number may be sent per hour, whoever asks.</summary>
    [Range(1, 1000, ErrorMessage = "Subscribers:SmsCodesPerHour must be a number above 0 (default 3).")]
    public int SmsCodesPerHour { get; set; } = 3;

    /// <summary>
    /// Lets webhook subscriptions point at loopback, link-local and private addresses. Off by default: anyone can
    /// subscribe a URL, and the status page must not become a way into the network it runs in.
    /// </summary>
    public bool AllowPrivateWebhooks { get; set; }
}
