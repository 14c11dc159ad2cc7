using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.StatusPage;

public class UptimeCalculatorTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    private sealed record Case(
        ComponentStatus Current,
        DateTime CreatedAt,
        (DateTime At, ComponentStatus Status)[] Changes,
        (DateOnly Day, ComponentStatus? Worst, double? Uptime)[] Days,
        double? Overall);

    private static DateTime At(int month, int day, int hour = 0, int year = 2026) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    private static DateOnly Day(int month, int day) => new(2026, month, day);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["an outage spanning midnight counts on both days"] = new(
            ComponentStatus.Operational,
            At(11, 1),
            [(At(11, 1), ComponentStatus.Operational), (At(11, 20, 22), ComponentStatus.MajorOutage), (At(11, 21, 2), ComponentStatus.Operational)],
            [(Day(10, 31), null, null), (Day(11, 20), ComponentStatus.MajorOutage, 100 * (1 - (2 / 24.0))), (Day(11, 21), ComponentStatus.MajorOutage, 100 * (1 - (2 / 24.0))), (Day(11, 22), ComponentStatus.Operational, 100)],
            // Observed from Nov 1 00:00 to Nov 23 12:00 = 540 hours, 4 of them down.
            100 * (1 - (4 / 540.0))),
        ["a change before the window is still in force when it opens"] = new(
            ComponentStatus.PartialOutage,
            At(5, 1),
            [(At(5, 1), ComponentStatus.Operational), (At(8, 1), ComponentStatus.PartialOutage)],
            [(Day(8, 26), ComponentStatus.PartialOutage, 70), (Day(11, 23), ComponentStatus.PartialOutage, 70)],
            70),
        ["an outage over before the window does not count"] = new(
            ComponentStatus.Operational,
            At(5, 1),
            [(At(5, 1), ComponentStatus.Operational), (At(6, 1), ComponentStatus.MajorOutage), (At(6, 2), ComponentStatus.Operational)],
            [(Day(8, 26), ComponentStatus.Operational, 100), (Day(11, 23), ComponentStatus.Operational, 100)],
            100),
        ["no history at all: the current status since creation, no data before"] = new(
            ComponentStatus.Operational,
            At(11, 20, 6),
            [],
            [(Day(11, 19), null, null), (Day(11, 20), ComponentStatus.Operational, 100), (Day(11, 23), ComponentStatus.Operational, 100)],
            100),
        ["a partial outage counts for 30 percent"] = new(
            ComponentStatus.Operational,
            At(11, 22),
            [(At(11, 22), ComponentStatus.Operational), (At(11, 22, 12), ComponentStatus.PartialOutage), (At(11, 22, 22), ComponentStatus.Operational)],
            [(Day(11, 22), ComponentStatus.PartialOutage, 100 * (1 - (3 / 24.0)))],
            100 * (1 - (3 / 36.0))),
        ["maintenance and degraded performance are not downtime, degraded is the worse colour"] = new(
            ComponentStatus.Operational,
            At(11, 22),
            [(At(11, 22), ComponentStatus.Operational), (At(11, 22, 2), ComponentStatus.UnderMaintenance), (At(11, 22, 4), ComponentStatus.DegradedPerformance), (At(11, 22, 6), ComponentStatus.Operational)],
            [(Day(11, 22), ComponentStatus.DegradedPerformance, 100)],
            100),
        ["a component created in the last hour has data for today only, counted from the day's start"] = new(
            ComponentStatus.MajorOutage,
            At(11, 23, 11),
            [(At(11, 23, 11), ComponentStatus.MajorOutage)],
            [(Day(11, 22), null, null), (Day(11, 23), ComponentStatus.MajorOutage, 100 * (1 - (1 / 12.0)))],
            100 * (1 - (1 / 12.0))),
        ["two minutes down on the evening it was added are two minutes of that day"] = new(
            ComponentStatus.Operational,
            new DateTime(2026, 11, 21, 23, 49, 0, DateTimeKind.Utc),
            [(new DateTime(2026, 11, 21, 23, 49, 0, DateTimeKind.Utc), ComponentStatus.MajorOutage), (new DateTime(2026, 11, 21, 23, 51, 0, DateTimeKind.Utc), ComponentStatus.Operational)],
            [(Day(11, 20), null, null), (Day(11, 21), ComponentStatus.MajorOutage, 100 * (1 - (2 / 1440.0))), (Day(11, 22), ComponentStatus.Operational, 100)],
            // Observed from Nov 21 00:00 to Nov 23 12:00 = 60 hours, 2 minutes of them down.
            100 * (1 - (2 / 3600.0))),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ComputesDaysAndUptimeFromTheRecordedHistory(string name)
    {
        var @case = Cases[name];
        var component = new StatusComponent { Id = "api", Name = "API", Status = @case.Current, CreatedAt = @case.CreatedAt };
        var changes = @case.Changes.Select(c => new ComponentStatusChange { ComponentId = "api", At = c.At, Status = c.Status })
            .Append(new ComponentStatusChange { ComponentId = "other", At = At(11, 22), Status = ComponentStatus.MajorOutage })
            .ToList();

        var history = UptimeCalculator.Compute(component, changes, [], Now, 90, PageCalendar.Utc);

        Assert.Equal(90, history.Days.Count);
        Assert.Equal(Day(8, 26), history.Days[0].Day);
        Assert.Equal(Day(11, 23), history.Days[^1].Day);
        foreach (var (day, worst, uptime) in @case.Days)
        {
            var computed = history.Days.Single(d => d.Day == day);
            Assert.Equal(worst, computed.Worst);
            AssertClose(uptime, computed.UptimePercent);
        }

        AssertClose(@case.Overall, history.UptimePercent);
    }

    private static void AssertClose(double? expected, double? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Value, actual.Value, 6);
    }
}
