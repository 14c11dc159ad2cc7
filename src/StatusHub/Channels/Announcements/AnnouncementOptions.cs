namespace StatusHub.Channels.Announcements;

/// <summary>The <c>Announcements</c> section. The endpoints themselves are registered by staff on the Channels page.</summary>
public sealed class AnnouncementOptions
{
    public const string Section = "Announcements";

    /// <summary>
    /// Lets an endpoint be http://127.0.0.1, ::1 or localhost with any path, for tests and trying it out against a local
    /// fake; never set it in production.
    /// </summary>
    public bool AllowLoopbackUrls { get; set; }

    /// <summary>Overrides every platform's sends a second over all its endpoints (tests, a self-hosted Mattermost with its own limit); unset, each platform's documented limit applies.</summary>
    public double? PerSecond { get; set; }
}
