using StatusHub.Storage;

namespace StatusHub.StatusComponents;

/// <summary>How a component is doing. Wire names (<see cref="ComponentStatusNames"/>) follow Statuspage.</summary>
public enum ComponentStatus
{
    Operational,
    UnderMaintenance,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
}

/// <summary>What a component's public 90-day bar is drawn from: the statuses staff and incidents set, or its probes' runs.</summary>
public enum AvailabilitySource
{
    Declared,
    Measured,
}

/// <summary>A part of the service customers recognise ("API", "Webmail", "SMTP relay").</summary>
public sealed record StatusComponent : IVersioned
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;

    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? GroupId { get; init; }
    public int Position { get; init; }
    public ComponentStatus Status { get; init; }

    /// <summary>Declared (the default, and what components saved before this setting read as) or measured by the probes that watch it.</summary>
    public AvailabilitySource Availability { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }
}

public sealed record ComponentGroup : IVersioned
{
    public const int MaxNameLength = 100;

    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public int Position { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }
}

/// <summary>One entry of a component's status history: from <see cref="At"/> on, the component was <see cref="Status"/>.</summary>
public sealed record ComponentStatusChange
{
    public LiteDB.ObjectId Id { get; init; } = LiteDB.ObjectId.NewObjectId();
    public required string ComponentId { get; init; }
    public ComponentStatus Status { get; init; }
    public DateTime At { get; init; }

    /// <summary>What caused it: "incident:{id}", "maintenance:{id}", "upstream:{host}" (mirrored from a followed status page) or "manual".</summary>
    public string Source { get; init; } = "manual";
}

/// <summary>A component whose status an update, a maintenance window or staff just changed.</summary>
public sealed record ComponentStatusChanged(StatusComponent Component, ComponentStatus OldStatus, DateTime At);

public static class ComponentStatusNames
{
    public static string ToWire(this ComponentStatus status) => status switch
    {
        ComponentStatus.Operational => "operational",
        ComponentStatus.UnderMaintenance => "under_maintenance",
        ComponentStatus.DegradedPerformance => "degraded_performance",
        ComponentStatus.PartialOutage => "partial_outage",
        ComponentStatus.MajorOutage => "major_outage",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToLabel(this ComponentStatus status) => status switch
    {
        ComponentStatus.Operational => "Operational",
        ComponentStatus.UnderMaintenance => "Under maintenance",
        ComponentStatus.DegradedPerformance => "Degraded performance",
        ComponentStatus.PartialOutage => "Partial outage",
        ComponentStatus.MajorOutage => "Major outage",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? wire, out ComponentStatus status)
    {
        foreach (var candidate in Enum.GetValues<ComponentStatus>())
        {
            if (string.Equals(candidate.ToWire(), wire, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>How bad a status is for "worst of the day" colouring; maintenance ranks below any outage.</summary>
    public static int Severity(this ComponentStatus status) => status switch
    {
        ComponentStatus.Operational => 0,
        ComponentStatus.UnderMaintenance => 1,
        ComponentStatus.DegradedPerformance => 2,
        ComponentStatus.PartialOutage => 3,
        ComponentStatus.MajorOutage => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
