using StatusHub.Storage;

namespace StatusHub.Upstream;

/// <summary>
/// A component that follows a component of another status page speaking Statuspage's v2 JSON.
/// <see cref="Id"/> is the following component's id: a component follows at most one upstream.
/// </summary>
public sealed record UpstreamLink : IVersioned
{
    public const int MaxUrlLength = 500;
    public const int MaxUpstreamIdLength = 100;
    public const int MaxProviderNameLength = 100;
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    public required string Id { get; init; }

    /// <summary>The JSON document polled: <c>…/api/v2/summary.json</c> or <c>…/api/v2/components.json</c>.</summary>
    public required string Url { get; init; }

    public required string UpstreamComponentId { get; init; }

    /// <summary>Shown under the component on the public page: "Status from {ProviderName}".</summary>
    public required string ProviderName { get; init; }

    public int IntervalSeconds { get; init; } = (int)DefaultInterval.TotalSeconds;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);

    /// <summary>The audit actor of a mirrored change, "system:upstream:status.example.com".</summary>
    public string Actor => Audit.AuditActors.System(UpstreamDrafts.Source, new Uri(Url).Host);
}
