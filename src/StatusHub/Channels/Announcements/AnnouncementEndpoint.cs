using StatusHub.Storage;

namespace StatusHub.Channels.Announcements;

/// <summary>
/// A chat workspace's incoming webhook staff registered: the URL is its only credential, so it is kept protected (ASP.NET
/// Data Protection) and shown only as <see cref="MaskedUrl"/>. Deliveries name the endpoint by <see cref="Id"/>, never by URL.
/// </summary>
public sealed record AnnouncementEndpoint : IVersioned
{
    public const int MaxUrlLength = 2000;

    public required string Id { get; init; }

    /// <summary>The channel it belongs to: "slack", "mattermost", "teams" or "discord".</summary>
    public required string Platform { get; init; }

    public required string ProtectedUrl { get; init; }

    /// <summary>SHA-256 of the URL, so the same webhook cannot be registered twice without unprotecting every one.</summary>
    public required string UrlHash { get; init; }

    /// <summary>Scheme, host and first path segment: enough to recognise it, nothing to post with.</summary>
    public required string MaskedUrl { get; init; }

    public string? Description { get; init; }

    /// <summary>Only notices touching these components; empty means all.</summary>
    public List<string> ComponentIds { get; init; } = [];

    /// <summary>Discord only: the webhook posts into a forum (or media) channel, so each incident gets a thread.</summary>
    public bool Forum { get; init; }

    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public int Version { get; init; }
}
