using LiteDB;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Incidents;

public enum IncidentImpact
{
    None,
    Minor,
    Major,
    Critical,
}

public enum IncidentStatus
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

/// <summary>An unplanned problem, told as a timeline of updates.</summary>
public sealed record Incident : IVersioned
{
    public const int MaxTitleLength = 200;

    public required string Id { get; init; }
    public required string Title { get; init; }

    /// <summary>
    /// The impact staff chose, or null to follow the component statuses the updates set. Stored under the old name
    /// "Impact", so incidents saved before impact could be derived keep the impact they had.
    /// </summary>
    [BsonField("Impact")]
    public IncidentImpact? ImpactOverride { get; init; }

    /// <summary>What every page, API, feed and notice shows: <see cref="IncidentImpacts.Of"/>.</summary>
    [BsonIgnore]
    public IncidentImpact Impact => IncidentImpacts.Of(this);

    public IncidentStatus Status { get; init; }
    public List<string> ComponentIds { get; init; } = [];
    public List<IncidentUpdate> Updates { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? ResolvedAt { get; init; }
    public int Version { get; init; }

    /// <summary>When the problem began: the earliest moment any update describes.</summary>
    public DateTime StartedAt => Updates.Count == 0 ? CreatedAt : Updates.Min(u => u.DisplayAt);

    public bool IsResolved => Status == IncidentStatus.Resolved;

    /// <summary>Updates newest first, by the time they describe; ties go to the one posted last.</summary>
    public IEnumerable<IncidentUpdate> Timeline => Updates
        .Select((update, index) => (update, index))
        .OrderByDescending(x => x.update.DisplayAt)
        .ThenByDescending(x => x.update.PostedAt)
        .ThenByDescending(x => x.index)
        .Select(x => x.update);

    public IncidentUpdate? LatestUpdate => Timeline.FirstOrDefault();

    public TimeSpan? Duration => ResolvedAt is { } end ? end - StartedAt : null;

    /// <summary>
    /// Whether the incident was open at some moment in [<paramref name="from"/>, <paramref name="to"/>) (an unresolved one is open
    /// until <paramref name="now"/>): a day's past incidents and its uptime cell both list it on every day it lasted, so one
    /// resolved at midnight belongs to the day it ended at, not to the next.
    /// </summary>
    public bool WasOpenDuring(DateTime from, DateTime to, DateTime now) => StartedAt < to && (StartedAt >= from || (ResolvedAt ?? now) > from);
}

/// <summary>One entry of an incident's timeline.</summary>
public sealed record IncidentUpdate
{
    public const int MaxBodyLength = 20_000;

    public required string Id { get; init; }
    public IncidentStatus Status { get; init; }
    public required string Body { get; init; }
    public required string Author { get; init; }

    /// <summary>When staff posted it.</summary>
    public DateTime PostedAt { get; init; }

    /// <summary>The moment it describes ("at 02:00 we were alerted"); never after <see cref="PostedAt"/>.</summary>
    public DateTime DisplayAt { get; init; }

    /// <summary>Component statuses this update set.</summary>
    public Dictionary<string, ComponentStatus> ComponentStatuses { get; init; } = [];

    /// <summary>Earlier wordings of this update, oldest first, kept when it is corrected.</summary>
    public List<UpdateRevision> Revisions { get; init; } = [];

    /// <summary>The notification this update was published as, if it went out on any channel.</summary>
    public string? NotificationId { get; init; }
}

/// <summary>How bad an incident is, decided in one place.</summary>
public static class IncidentImpacts
{
    /// <summary>
    /// The impact staff chose or, when they chose none, the worst component status any update set (README's mapping:
    /// degraded performance → minor, partial outage → major, major outage → critical). The worst is kept after
    /// recovery, so a resolved incident still says how bad it was.
    /// </summary>
    public static IncidentImpact Of(Incident incident) =>
        incident.ImpactOverride ?? FromStatuses(incident.Updates.SelectMany(u => u.ComponentStatuses.Values));

    public static IncidentImpact FromStatuses(IEnumerable<ComponentStatus> statuses) =>
        statuses.Select(s => s switch
        {
            ComponentStatus.DegradedPerformance => IncidentImpact.Minor,
            ComponentStatus.PartialOutage => IncidentImpact.Major,
            ComponentStatus.MajorOutage => IncidentImpact.Critical,
            _ => IncidentImpact.None,
        }).DefaultIfEmpty(IncidentImpact.None).Max();
}

public sealed record UpdateRevision(string Body, DateTime DisplayAt, string EditedBy, DateTime EditedAt);

public static class IncidentNames
{
    public static string ToWire(this IncidentStatus status) => status.ToString().ToLowerInvariant();

    public static string ToWire(this IncidentImpact impact) => impact.ToString().ToLowerInvariant();

    public static string ToLabel(this IncidentStatus status) => status.ToString();

    public static bool TryParseStatus(string? wire, out IncidentStatus status) =>
        Enum.TryParse(wire, ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(wire, out _);

    public static bool TryParseImpact(string? wire, out IncidentImpact impact) =>
        Enum.TryParse(wire, ignoreCase: true, out impact) && Enum.IsDefined(impact) && !int.TryParse(wire, out _);
}
