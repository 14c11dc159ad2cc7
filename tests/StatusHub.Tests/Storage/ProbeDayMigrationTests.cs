using Microsoft.Extensions.Time.Testing;
using StatusHub.Probes;
using StatusHub.Storage;

namespace StatusHub.Tests.Storage;

/// <summary>Probe runs stored before day rollups existed are summed into days on upgrade, so a measured bar starts with them.</summary>
public class ProbeDayMigrationTests
{
    private static readonly FakeTimeProvider Time = new(TestStore.Start);

    [Fact]
    public void UpgradingSumsTheKeptRunsIntoDaysCountingDowntimeFromTheReplayedKOfMState()
    {
        using var folder = new TempFolder();
        var path = folder.File("statushub.db");
        var start = TestStore.Start.UtcDateTime;
        Migrator.Migrate(path, [.. SchemaMigrations.All.Where(m => m.Version <= 11)], Time);
        using (var before = new LiteStore(path))
        {
            before.Write(scope =>
            {
                scope.Insert(new Probe { Id = "web", Name = "Web app", Kind = ProbeKind.Http, IntervalSeconds = 60, Http = new HttpProbeSettings { Url = "https://example.com/" } });
                var outcomes = new[] { ProbeOutcome.Ok, ProbeOutcome.Failed, ProbeOutcome.Failed, ProbeOutcome.Failed, ProbeOutcome.Ok, ProbeOutcome.Ok };
                for (var i = 0; i < outcomes.Length; i++)
                {
                    scope.Collection<ProbeResult>().Insert(new ProbeResult { ProbeId = "web", At = start.AddMinutes(i), Outcome = outcomes[i] });
                }
            });
        }

        Migrator.Migrate(path, SchemaMigrations.All, Time);

        using var after = new LiteStore(path);
        var day = after.Collection<ProbeDay>().FindById(ProbeDays.IdOf("web", start.Date));
        Assert.NotNull(day);
        Assert.Equal((6, 3, 300.0, 180.0), (day.Runs, day.FailedRuns, day.ObservedSeconds, day.FailingSeconds));
        Assert.Equal(start.Date, day.Day);
        Assert.Equal(DateTimeKind.Utc, day.Day.Kind);
    }
}
