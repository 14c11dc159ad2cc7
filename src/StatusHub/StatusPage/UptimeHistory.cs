using StatusHub.Incidents;
using StatusHub.StatusComponents;

namespace StatusHub.StatusPage;

/// <summary>One cell of the 90-day bar: the worst status of a day of the page's calendar and what happened.</summary>
public sealed record UptimeDay(DateOnly Day, ComponentStatus? Worst, double? UptimePercent, IReadOnlyDictionary<ComponentStatus, TimeSpan> TimeInStatus, IReadOnlyList<string> IncidentTitles)
{
    public bool HasData => Worst is not null;

    /// <summary>On a measured bar, what the probes saw that day; null on a declared bar and on a day without runs.</summary>
    public DayMeasurement? Measured { get; init; }
}

/// <summary>A day of a component's probes: their runs, the failed ones, and the time they counted as failing.</summary>
public sealed record DayMeasurement(int Runs, int FailedRuns, TimeSpan Failing);

public sealed record UptimeHistory(IReadOnlyList<UptimeDay> Days, double? UptimePercent)
{
    /// <summary>Drawn from the component's probes (<see cref="MeasuredUptime"/>) rather than its declared statuses.</summary>
    public bool IsMeasured { get; init; }
}

/// <summary>
/// Computes uptime from the recorded status history the way Statuspage does: a major outage counts
/// fully as downtime, a partial outage for 30 %, degraded performance and maintenance not at all.
/// Days before the component existed have no data and do not count; the day it was added counts from its start.
/// </summary>
public static class UptimeCalculator
{
    public const double PartialOutageWeight = 0.3;

    public static UptimeHistory Compute(
        StatusComponent component,
        IReadOnlyList<ComponentStatusChange> changes,
        IReadOnlyList<Incident> incidents,
        DateTime now,
        int days,
        PageCalendar calendar)
    {
        var ordered = changes.Where(c => c.ComponentId == component.Id).OrderBy(c => c.At).ToList();
        var existsFrom = ordered.Count > 0 && ordered[0].At < component.CreatedAt ? ordered[0].At : component.CreatedAt;
        var today = calendar.DayOf(now);
        var result = new List<UptimeDay>(days);
        double totalDown = 0, totalObserved = 0;
        for (var i = days - 1; i >= 0; i--)
        {
            var day = today.AddDays(-i);
            var dayStart = calendar.StartOf(day);
            var from = Max(dayStart, existsFrom);
            var to = Min(calendar.StartOf(day.AddDays(1)), now);
            if (to <= from)
            {
                result.Add(new UptimeDay(day, null, null, new Dictionary<ComponentStatus, TimeSpan>(), []));
                continue;
            }

            var spans = TimeInStatus(ordered, from, to, component.Status);
            if (from > dayStart)
            {
                // The day it was added counts whole, as Statuspage counts from a component's start date: the hours before it
                // existed are no downtime, so 2 minutes down on its first evening is not "18.2 %" of that day.
                Add(spans, ComponentStatus.Operational, from - dayStart);
                from = dayStart;
            }

            var down = spans.Sum(p => p.Value.TotalSeconds * DowntimeWeight(p.Key));
            var observed = (to - from).TotalSeconds;
            totalDown += down;
            totalObserved += observed;
            var worst = spans.Where(p => p.Value > TimeSpan.Zero).Select(p => p.Key).DefaultIfEmpty(ComponentStatus.Operational).MaxBy(s => s.Severity());
            var titles = IncidentTitles(component, incidents, from, to, now);
            result.Add(new UptimeDay(day, worst, 100 * (1 - (down / observed)), spans, titles));
        }

        return new UptimeHistory(result, totalObserved > 0 ? 100 * (1 - (totalDown / totalObserved)) : null);
    }

    /// <summary>The incidents of the component open at some point between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static IReadOnlyList<string> IncidentTitles(StatusComponent component, IReadOnlyList<Incident> incidents, DateTime from, DateTime to, DateTime now) =>
        incidents
            .Where(x => x.ComponentIds.Contains(component.Id) && x.WasOpenDuring(from, to, now))
            .Select(x => x.Title)
            .ToList();

    private static Dictionary<ComponentStatus, TimeSpan> TimeInStatus(List<ComponentStatusChange> ordered, DateTime from, DateTime to, ComponentStatus fallback)
    {
        var spans = new Dictionary<ComponentStatus, TimeSpan>();
        // Status in force at `from`: the last change at or before it; before any change, operational.
        var current = ordered.LastOrDefault(c => c.At <= from)?.Status ?? (ordered.Count == 0 ? fallback : ComponentStatus.Operational);
        var cursor = from;
        foreach (var change in ordered.Where(c => c.At > from && c.At < to))
        {
            Add(spans, current, change.At - cursor);
            current = change.Status;
            cursor = change.At;
        }

        Add(spans, current, to - cursor);
        return spans;
    }

    private static void Add(Dictionary<ComponentStatus, TimeSpan> spans, ComponentStatus status, TimeSpan span) =>
        spans[status] = spans.GetValueOrDefault(status) + span;

    private static double DowntimeWeight(ComponentStatus status) => status switch
    {
        ComponentStatus.MajorOutage => 1,
        ComponentStatus.PartialOutage => PartialOutageWeight,
        _ => 0,
    };

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
