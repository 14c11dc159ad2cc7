using StatusHub.Storage;

namespace StatusHub.Channels.Webhooks;

/// <summary>A URL staff registered to receive Statuspage-shaped JSON for every notice (or only some components').</summary>
public sealed record WebhookEndpoint : IVersioned
{
    public const int MaxUrlLength = 2000;

    public required string Id { get; init; }
    public required string Url { get; init; }
    public string? Description { get; init; }

    /// <summary>Only notices touching these components; empty means all.</summary>
    public List<string> ComponentIds { get; init; } = [];

    public bool Enabled { get; init; } = true;
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public int Version { get; init; }
}
