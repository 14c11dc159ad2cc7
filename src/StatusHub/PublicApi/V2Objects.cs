using System.Text.Json.Serialization;

namespace StatusHub.PublicApi;

// Statuspage's public API objects. Property names become snake_case on the wire (see StatuspageV2.JsonOptions);
// nulls are written, as Statuspage writes them, because clients index these keys without checking.

public sealed record V2Page(string Id, string Name, string Url, string TimeZone, DateTime UpdatedAt);

/// <summary><see cref="Indicator"/> is none, minor, major, critical or maintenance.</summary>
public sealed record V2Status(string Indicator, string Description);

/// <summary>A component, or a group (<see cref="Group"/> true, member ids in <see cref="Components"/>).</summary>
public sealed record V2Component(
    string Id,
    string Name,
    string Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Position,
    string? Description,
    bool Showcase,
    DateOnly? StartDate,
    string? GroupId,
    string PageId,
    bool Group,
    bool OnlyShowIfDegraded)
{
    /// <summary>Only groups carry the key at all; a plain component has no "components" field.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Components { get; init; }
}

/// <summary><see cref="Code"/> is the component id.</summary>
public sealed record V2AffectedComponent(string Code, string Name, string OldStatus, string NewStatus);

public sealed record V2IncidentUpdate(
    string Id,
    string Status,
    string Body,
    string IncidentId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime DisplayAt,
    IReadOnlyList<V2AffectedComponent>? AffectedComponents,
    bool DeliverNotifications)
{
    public string? CustomTweet => null;

    public string? TweetId => null;
}

public sealed record V2Incident(
    string Id,
    string Name,
    string Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? MonitoringAt,
    DateTime? ResolvedAt,
    string Impact,
    string Shortlink,
    DateTime StartedAt,
    string PageId,
    IReadOnlyList<V2IncidentUpdate> IncidentUpdates,
    IReadOnlyList<V2Component> Components)
{
    /// <summary>Statuspage sends it on incidents, null unless reminders were set up; StatusHub has none.</summary>
    public object? ReminderIntervals => null;
}

/// <summary>A scheduled maintenance: an incident with a window, impact "maintenance", status scheduled, in_progress, verifying or completed.</summary>
public sealed record V2Maintenance(
    string Id,
    string Name,
    string Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? MonitoringAt,
    DateTime? ResolvedAt,
    string Impact,
    string Shortlink,
    DateTime StartedAt,
    string PageId,
    DateTime ScheduledFor,
    DateTime ScheduledUntil,
    IReadOnlyList<V2IncidentUpdate> IncidentUpdates,
    IReadOnlyList<V2Component> Components);

public sealed record V2Summary(
    V2Page Page,
    IReadOnlyList<V2Component> Components,
    IReadOnlyList<V2Incident> Incidents,
    IReadOnlyList<V2Maintenance> ScheduledMaintenances,
    V2Status Status);

public sealed record V2PageStatus(V2Page Page, V2Status Status);

public sealed record V2ComponentList(V2Page Page, IReadOnlyList<V2Component> Components);

public sealed record V2IncidentList(V2Page Page, IReadOnlyList<V2Incident> Incidents);

public sealed record V2MaintenanceList(V2Page Page, IReadOnlyList<V2Maintenance> ScheduledMaintenances);
