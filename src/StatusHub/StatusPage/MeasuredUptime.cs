using StatusHub.Incidents;
using StatusHub.Probes;
using StatusHub.StatusComponents;

namespace StatusHub.StatusPage;

/// <summary>
/// A component's 90-day bar from its probes' day rollups (<see cref="ProbeDay"/>) instead of its declared statuses. A day
/// is as bad as its worst probe: the share of observed time that probe counted as failing (K of M, so one failed run is no
/// downtime) is the day's downtime, shown like a major outage. A day no probe observed has no measurement: it is shown as
/// such and counts neither as up nor as down.
/// </summary>
public static class MeasuredUptime
{
    public static UptimeHistory Compute(
        StatusComponent component,
        IReadOnlyList<Probe> probes,
        IReadOnlyList<ProbeDay> rollups,
        IReadOnlyList<Incident> incidents,
        DateTime now,
        int days,
        PageCalendar calendar)
    {
        var watching = probes.Where(p => p.ComponentIds.Contains(component.Id)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var byDay = rollups.Where(d => watching.Contains(d.ProbeId)).ToLookup(d => DateOnly.FromDateTime(d.Day));
        var today = calendar.DayOf(now);
        var result = new List<UptimeDay>(days);
        double totalFailing = 0, totalObserved = 0;
        for (var i = days - 1; i >= 0; i--)
        {
            var day = today.AddDays(-i);
            var from = calendar.StartOf(day);
            var to = calendar.StartOf(day.AddDays(1));
            var titles = UptimeCalculator.IncidentTitles(component, incidents, from, to < now ? to : now, now);
            var observed = byDay[day].Where(d => d.ObservedSeconds > 0).ToList();
            if (observed.Count == 0)
            {
                result.Add(new UptimeDay(day, null, null, new Dictionary<ComponentStatus, TimeSpan>(), titles));
                continue;
            }

            var share = observed.Max(d => d.FailingSeconds / d.ObservedSeconds);
            var seconds = observed.Max(d => d.ObservedSeconds);
            var failing = TimeSpan.FromSeconds(share * seconds);
            totalFailing += share * seconds;
            totalObserved += seconds;
            var spans = new Dictionary<ComponentStatus, TimeSpan>
            {
                [ComponentStatus.Operational] = TimeSpan.FromSeconds(seconds) - failing,
                [ComponentStatus.MajorOutage] = failing,
            };
            result.Add(new UptimeDay(day, failing > TimeSpan.Zero ? ComponentStatus.MajorOutage : ComponentStatus.Operational, 100 * (1 - share), spans, titles)
            {
                Measured = new DayMeasurement(byDay[day].Sum(d => d.Runs), byDay[day].Sum(d => d.FailedRuns), failing),
            });
        }

        return new UptimeHistory(result, totalObserved > 0 ? 100 * (1 - (totalFailing / totalObserved)) : null) { IsMeasured = true };
    }
}
