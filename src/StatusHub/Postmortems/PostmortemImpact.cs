using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.StatusComponents;

namespace StatusHub.Postmortems;

/// <summary>What an incident did to customers, computed from its timeline, the components' status history and the outbox.</summary>
public sealed record PostmortemImpact
{
    public DateTime StartedAt { get; init; }
    public DateTime EndedAt { get; init; }
    public TimeSpan Duration => EndedAt - StartedAt;

    /// <summary>How long at least one affected component was degraded or down; overlapping outages count once, maintenance not at all.</summary>
    public TimeSpan AffectedFor { get; init; }

    /// <summary>The worst status any affected component reached; operational when none moved.</summary>
    public ComponentStatus Worst { get; init; }

    public List<ComponentImpact> Components { get; init; } = [];

    /// <summary>Recipients reached per channel by the incident's own notices.</summary>
    public List<SentCount> Notified { get; init; } = [];
}

/// <summary>One component during the incident: how long it spent in each status (worst first; the times add up to the incident's duration).</summary>
public sealed record ComponentImpact(string ComponentId, string Name, ComponentStatus Worst, List<StatusTime> TimeInStatus);

public sealed record StatusTime(ComponentStatus Status, TimeSpan Time);

/// <summary>
/// Computes <see cref="PostmortemImpact"/>. The window runs from the incident's start (its earliest update, back-dated
/// ones included) to its resolution. Within it, each affected component has the status its recorded history gives it,
/// whatever set it: this incident's updates, a maintenance window, another incident or staff, because that is what
/// customers saw on the page. History before the window only says what status was in force when it opened.
/// </summary>
public static class ImpactCalculator
{
    public static PostmortemImpact Compute(
        Incident incident,
        DateTime end,
        IReadOnlyList<ComponentStatusChange> changes,
        Func<string, string> componentName,
        IReadOnlyList<SentCount> notified)
    {
        var start = incident.StartedAt;
        end = end < start ? start : end;
        var histories = AffectedComponents(incident)
            .Select(id => (Id: id, History: History(changes.Where(c => c.ComponentId == id))))
            .ToList();

        var components = histories.Select(h =>
        {
            var spans = TimeInStatus(h.History, start, end);
            var worst = spans.Where(s => s.Time > TimeSpan.Zero).Select(s => s.Status).DefaultIfEmpty(ComponentStatus.Operational).MaxBy(s => s.Severity());
            return new ComponentImpact(h.Id, componentName(h.Id), worst, spans);
        }).ToList();

        return new PostmortemImpact
        {
            StartedAt = start,
            EndedAt = end,
            AffectedFor = AffectedFor(histories.Select(h => h.History).ToList(), start, end),
            Worst = components.Select(c => c.Worst).DefaultIfEmpty(ComponentStatus.Operational).MaxBy(s => s.Severity()),
            Components = components,
            Notified = [.. notified.OrderBy(n => n.Channel, StringComparer.Ordinal)],
        };
    }

    /// <summary>The incident's components, and any its updates set that it no longer lists.</summary>
    public static IReadOnlyList<string> AffectedComponents(Incident incident) =>
        incident.ComponentIds
            .Concat(incident.Updates.SelectMany(u => u.ComponentStatuses.Keys))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static string SourceOf(Incident incident) => $"incident:{incident.Id}";

    /// <summary>
    /// A component's changes in order. Its "created" entry only says how it started: an update back-dated to before the
    /// component was added must not be undone by it.
    /// </summary>
    private static List<ComponentStatusChange> History(IEnumerable<ComponentStatusChange> changes)
    {
        var ordered = changes.OrderBy(c => c.At).ThenBy(c => c.Id).ToList();
        return ordered.Where((c, i) => c.Source != "created" || i == 0).ToList();
    }

    /// <summary>Status in force at <paramref name="at"/>: the last change at or before it (the last recorded, on a tie); operational before any.</summary>
    public static ComponentStatus StatusAt(List<ComponentStatusChange> ordered, DateTime at)
    {
        var status = ComponentStatus.Operational;
        foreach (var change in ordered)
        {
            if (change.At > at)
            {
                break;
            }

            status = change.Status;
        }

        return status;
    }

    private static List<StatusTime> TimeInStatus(List<ComponentStatusChange> ordered, DateTime start, DateTime end)
    {
        var totals = new Dictionary<ComponentStatus, TimeSpan>();
        var points = Breakpoints([ordered], start, end);
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var status = StatusAt(ordered, points[i]);
            totals[status] = totals.GetValueOrDefault(status) + (points[i + 1] - points[i]);
        }

        return totals.Where(p => p.Value > TimeSpan.Zero)
            .OrderByDescending(p => p.Key.Severity())
            .Select(p => new StatusTime(p.Key, p.Value))
            .ToList();
    }

    private static TimeSpan AffectedFor(List<List<ComponentStatusChange>> histories, DateTime start, DateTime end)
    {
        var points = Breakpoints(histories, start, end);
        var total = TimeSpan.Zero;
        for (var i = 0; i + 1 < points.Count; i++)
        {
            if (histories.Any(h => IsOutage(StatusAt(h, points[i]))))
            {
                total += points[i + 1] - points[i];
            }
        }

        return total;
    }

    private static bool IsOutage(ComponentStatus status) =>
        status is ComponentStatus.DegradedPerformance or ComponentStatus.PartialOutage or ComponentStatus.MajorOutage;

    /// <summary>The window's ends and every moment inside it at which some component changed, in order.</summary>
    private static List<DateTime> Breakpoints(IEnumerable<List<ComponentStatusChange>> histories, DateTime start, DateTime end) =>
        histories.SelectMany(h => h.Select(c => c.At))
            .Where(at => at > start && at < end)
            .Append(start)
            .Append(end)
            .Distinct()
            .Order()
            .ToList();
}
