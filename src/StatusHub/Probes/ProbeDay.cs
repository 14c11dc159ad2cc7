using System.Globalization;
using LiteDB;
using StatusHub.StatusPage;

namespace StatusHub.Probes;

/// <summary>
/// One probe's day of the page's calendar (<see cref="PageCalendar"/>), summed as its runs arrive and kept <see cref="ProbeDays.KeptDays"/> days, long after the runs
/// themselves are gone (<see cref="ProbesOptions.RetentionDays"/>): what a component's measured 90-day bar is drawn from.
/// Time between two runs is observed; it counts as failing when the probe counted as failing (K of M) meanwhile, so a
/// single failed run that does not tip the rule is no downtime. A gap longer than the probe could explain (the app was
/// down) is not observed at all.
/// </summary>
public sealed record ProbeDay
{
    /// <summary><c>{probe id}/{yyyy-MM-dd}</c>.</summary>
    public required string Id { get; init; }
    public required string ProbeId { get; init; }

    /// <summary>The page's calendar day, as that date's midnight in UTC (a label: the day itself starts at the page's midnight).</summary>
    public DateTime Day { get; init; }
    public int Runs { get; init; }
    public int FailedRuns { get; init; }
    public double ObservedSeconds { get; init; }
    public double FailingSeconds { get; init; }
}

public static class ProbeDays
{
    /// <summary>The public bar's 90 days and the day before, whose end today's first run may still report.</summary>
    public const int KeptDays = 91;

    public static string IdOf(string probeId, DateTime day) => $"{probeId}/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Adds a run that started at <paramref name="at"/> to its day, and the time since the probe's previous run
    /// (<paramref name="previousAt"/>, null for its first) to the days it covers, as failing when
    /// <paramref name="wasFailing"/> (the counted state before this run). Drops days older than <see cref="KeptDays"/>.
    /// </summary>
    public static void Add(ILiteCollection<ProbeDay> days, Probe probe, DateTime? previousAt, DateTime at, bool failed, bool wasFailing, PageCalendar calendar)
    {
        Accrue(id => days.FindById(id), day => days.Upsert(day), probe, previousAt, at, failed, wasFailing, calendar);
        var probeId = probe.Id;
        var oldest = Label(calendar.DayOf(at).AddDays(-KeptDays));
        days.DeleteMany(d => d.ProbeId == probeId && d.Day < oldest);
    }

    /// <summary>
    /// Sums the runs kept from before days existed into days (schema migration 12), replaying the K-of-M rule with
    /// <paramref name="rule"/>'s K and M over them, oldest first, as <see cref="ProbeResults.Record"/> would have.
    /// </summary>
    public static void Backfill(ILiteCollection<Probe> probes, ILiteCollection<ProbeResult> results, ILiteCollection<ProbeDay> days, ProbesOptions rule)
    {
        foreach (var probe in probes.FindAll().ToList())
        {
            var probeId = probe.Id;
            var runs = results.Find(r => r.ProbeId == probeId).OrderBy(r => r.At).ToList();
            var summed = new Dictionary<string, ProbeDay>(StringComparer.Ordinal);
            var failing = false;
            for (var i = 0; i < runs.Count; i++)
            {
                // Migration 12 summed UTC days, as every day was then.
                Accrue(summed.GetValueOrDefault, day => summed[day.Id] = day, probe, i == 0 ? null : runs[i - 1].At, runs[i].At, runs[i].Outcome == ProbeOutcome.Failed, failing, PageCalendar.Utc);
                var window = runs.Take(i + 1).TakeLast(rule.Window).ToList();
                failing ^= ProbeResults.Flips(failing, window, rule.FailuresToCount);
            }

            days.Upsert(summed.Values);
        }
    }

    private static void Accrue(Func<string, ProbeDay?> find, Action<ProbeDay> save, Probe probe, DateTime? previousAt, DateTime at, bool failed, bool wasFailing, PageCalendar calendar)
    {
        // LiteDB keeps a run's time to the millisecond: the previous run comes back so, this one must be measured alike.
        at = new DateTime(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        save(Bump(find, probe.Id, calendar.DayOf(at), d => d with { Runs = d.Runs + 1, FailedRuns = d.FailedRuns + (failed ? 1 : 0) }));
        if (previousAt is not { } previous || previous >= at)
        {
            return;
        }

        var from = Max(previous, at - LongestGap(probe));
        while (from < at)
        {
            var day = calendar.DayOf(from);
            var to = Min(calendar.StartOf(day.AddDays(1)), at);
            var seconds = (to - from).TotalSeconds;
            save(Bump(find, probe.Id, day, d => d with
            {
                ObservedSeconds = d.ObservedSeconds + seconds,
                FailingSeconds = d.FailingSeconds + (wasFailing ? seconds : 0),
            }));
            from = to;
        }
    }

    /// <summary>Two intervals and one run's whole time limit: more than that between two runs means nobody was looking.</summary>
    public static TimeSpan LongestGap(Probe probe) =>
        TimeSpan.FromSeconds((2 * probe.IntervalSeconds) + probe.TimeoutSeconds + (probe.Mail?.ArrivalTimeoutSeconds ?? 0));

    private static ProbeDay Bump(Func<string, ProbeDay?> find, string probeId, DateOnly day, Func<ProbeDay, ProbeDay> change)
    {
        var id = IdOf(probeId, Label(day));
        return change(find(id) ?? new ProbeDay { Id = id, ProbeId = probeId, Day = Label(day) });
    }

    /// <summary>What <see cref="ProbeDay.Day"/> holds for a day of the page's calendar: that date's midnight in UTC.</summary>
    public static DateTime Label(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
