using StatusHub.Probes;
using StatusHub.Storage;

namespace StatusHub.Tests.Probes;

/// <summary>
/// The per-probe per-day rollup the measured 90-day bars are drawn from: written as each run is stored, counting downtime
/// from the probe's counted (K of M) state rather than from single failed runs, and outliving the runs' retention.
/// </summary>
public sealed class ProbeDayTests : IDisposable
{
    private static readonly DateTime Day = TestStore.Start.UtcDateTime.Date;
    private readonly ProbeApp _app = new(new Dictionary<string, string?> { ["Probes:RetentionDays"] = "1" });
    private readonly Probe _probe;

    public ProbeDayTests() => _probe = _app.Create(new Probe
    {
        Id = "",
        Name = "Web app",
        Kind = ProbeKind.Http,
        IntervalSeconds = 60,
        TimeoutSeconds = 30,
        Http = new HttpProbeSettings { Url = "https://example.com/" },
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public void ASingleFailedRunThatDoesNotTipKOfMCountsAsARunButNotAsDowntime()
    {
        Record(Day.AddHours(12), "ok", "failed", "ok");

        Assert.Equal(new Rollup(3, 1, 120, 0), RollupOf(Day));
    }

    [Fact]
    public void TimeBetweenRunsCountsAsFailingFromTheRunThatTippedKOfMToTheRunThatRecovered()
    {
        // 2 of 3: failing from the third run (the second failure), recovered at the sixth (the second ok one).
        Record(Day.AddHours(12), "ok", "failed", "failed", "failed", "ok", "ok");

        Assert.Equal(new Rollup(6, 3, 300, 180), RollupOf(Day));
    }

    [Fact]
    public void TheTimeBetweenTwoRunsIsSplitAtMidnightAndAGapLongerThanTheProbeExplainsIsOnlyPartlyObserved()
    {
        Record(Day.AddHours(23).AddMinutes(59), "ok");
        Record(Day.AddDays(1).AddSeconds(30), "ok");
        // An hour later: the app was down; only two intervals and a timeout (150 s) before this run were looked at.
        Record(Day.AddDays(1).AddHours(1).AddSeconds(30), "ok");

        Assert.Equal(new Rollup(1, 0, 60, 0), RollupOf(Day));
        Assert.Equal(new Rollup(2, 0, 30 + 150, 0), RollupOf(Day.AddDays(1)));
    }

    [Fact]
    public void OnAPageInAnotherTimeZoneTheTimeIsSplitAtThatZonesMidnight()
    {
        using var tokyo = new ProbeApp(new Dictionary<string, string?> { ["StatusPage:TimeZone"] = "Asia/Tokyo" });
        var probe = tokyo.Create(_probe with { Id = "", Version = 0 });

        // Midnight in Tokyo is 15:00 UTC.
        ProbeRuns.Record(tokyo.Results, probe, Day.AddHours(14).AddMinutes(59), "ok");
        ProbeRuns.Record(tokyo.Results, probe, Day.AddHours(15).AddSeconds(30), "ok");

        var days = tokyo.Get<LiteStore>().Collection<ProbeDay>().Find(d => d.ProbeId == probe.Id).OrderBy(d => d.Day).ToList();
        Assert.Equal(
            [(ProbeDays.IdOf(probe.Id, Day), 1, 60.0), (ProbeDays.IdOf(probe.Id, Day.AddDays(1)), 1, 30.0)],
            days.Select(d => (d.Id, d.Runs, d.ObservedSeconds)));
    }

    [Fact]
    public void RetentionDropsTheRunsButKeepsTheirDayForNinetyDays()
    {
        Record(Day.AddHours(12), "ok", "failed", "failed");
        Record(Day.AddDays(10).AddHours(12), "ok", "ok");

        Assert.Equal(2, _app.Results.Recent(_probe.Id, 100).Count);
        Assert.Equal(new Rollup(3, 2, 120, 0), RollupOf(Day));

        Record(Day.AddDays(ProbeDays.KeptDays + 1).AddHours(12), "ok");

        Assert.Null(RollupOf(Day));
        Assert.NotNull(RollupOf(Day.AddDays(10)));
    }

    [Fact]
    public void DeletingTheProbeDeletesItsDays()
    {
        Record(Day.AddHours(12), "ok", "ok");
        Assert.NotNull(RollupOf(Day));

        _app.Probes.Delete(_probe.Id, _probe.Version, ProbeApp.Admin);

        Assert.Null(RollupOf(Day));
    }

    private void Record(DateTime first, params string[] outcomes) => ProbeRuns.Record(_app.Results, _probe, first, outcomes);

    private Rollup? RollupOf(DateTime day) =>
        _app.Get<LiteStore>().Collection<ProbeDay>().FindById(ProbeDays.IdOf(_probe.Id, day)) is { } d
            ? new Rollup(d.Runs, d.FailedRuns, d.ObservedSeconds, d.FailingSeconds)
            : null;

    private sealed record Rollup(int Runs, int FailedRuns, double ObservedSeconds, double FailingSeconds);
}
