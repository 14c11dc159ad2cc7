using System.Globalization;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Postmortems;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Postmortems;

public class ImpactCalculatorTests
{
    private static readonly DateTime Day = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Each row: the incident's window ("10:00-12:00"), the components it names, the status history as
    /// "component@HH:mm=status/source" (source: this incident, other incident, mnt for maintenance, manual), and the
    /// expected time in each status per component in minutes, the minutes anything was degraded or down, and the worst status.
    /// </summary>
    public static TheoryData<string, string, string, string, string, int, string> Timelines => new()
    {
        {
            "one outage, fixed at resolution",
            "10:00-12:00", "api",
            "api@10:00=major_outage/this api@12:00=operational/this",
            "api: major_outage 120", 120, "major_outage"
        },
        {
            "overlapping outages of two components count once",
            "10:00-12:00", "api web",
            "api@10:00=major_outage/this web@10:30=partial_outage/this api@11:00=operational/this web@12:00=operational/this",
            "api: major_outage 60, operational 60 | web: partial_outage 90, operational 30", 120, "major_outage"
        },
        {
            "a back-dated update's status falls where it happened, not where it was typed",
            "09:00-12:00", "api",
            // Opened at 10:00 (major); later someone back-dated "degraded since 09:00": recorded second, placed first.
            "api@10:00=major_outage/this api@09:00=degraded_performance/this api@12:00=operational/this",
            "api: major_outage 120, degraded_performance 60", 180, "major_outage"
        },
        {
            "maintenance inside the incident is shown and not counted as an outage",
            "10:00-12:00", "db",
            "db@10:00=major_outage/this db@10:30=under_maintenance/mnt db@11:00=major_outage/mnt db@12:00=operational/this",
            "db: major_outage 90, under_maintenance 30", 90, "major_outage"
        },
        {
            "another incident moving the same component shows what customers saw",
            "10:00-10:45", "api",
            "api@10:00=major_outage/this api@10:15=partial_outage/other api@10:45=operational/this",
            "api: major_outage 15, partial_outage 30", 45, "major_outage"
        },
        {
            "the other incident's side of the same overlap",
            "10:15-11:30", "api",
            "api@10:00=major_outage/other api@10:15=partial_outage/this api@10:45=operational/other",
            "api: partial_outage 30, operational 45", 30, "partial_outage"
        },
        {
            "a component already down is clipped to the incident window",
            "10:00-11:00", "api",
            "api@08:00=major_outage/manual api@11:00=operational/this",
            "api: major_outage 60", 60, "major_outage"
        },
        {
            "changes after the resolution do not count",
            "10:00-11:00", "api",
            "api@10:00=degraded_performance/this api@11:00=operational/this api@13:00=major_outage/other",
            "api: degraded_performance 60", 60, "degraded_performance"
        },
        {
            "two changes in the same instant: the one recorded last is in force",
            "10:00-11:00", "api",
            "api@10:00=degraded_performance/this api@10:00=partial_outage/this api@11:00=operational/this",
            "api: partial_outage 60", 60, "partial_outage"
        },
        {
            "a named component that never moved stayed operational",
            "10:00-11:00", "api web",
            "api@10:00=major_outage/this api@11:00=operational/this",
            "api: major_outage 60 | web: operational 60", 60, "major_outage"
        },
        {
            "an update back-dated to before the component was added is not undone by its creation",
            "10:00-12:00", "api",
            "api@10:00=major_outage/this api@11:59=operational/created api@12:00=operational/this",
            "api: major_outage 120", 120, "major_outage"
        },
        {
            "no components at all",
            "10:00-10:30", "",
            "",
            "", 0, "operational"
        },
    };

    [Theory]
    [MemberData(nameof(Timelines))]
    public void ComputesTimeInEachStatusOverTrickyTimelines(string why, string window, string components, string history, string expected, int affectedMinutes, string worst)
    {
        var (incident, changes) = Build(window, components, history);

        var impact = ImpactCalculator.Compute(incident, incident.ResolvedAt!.Value, changes, id => id, []);

        Assert.True(expected == Describe(impact), $"{why}: expected {expected}, got {Describe(impact)}");
        Assert.Equal(TimeSpan.FromMinutes(affectedMinutes), impact.AffectedFor);
        Assert.Equal(worst, impact.Worst.ToWire());
        Assert.Equal(incident.ResolvedAt.Value - incident.StartedAt, impact.Duration);
        Assert.All(impact.Components, c => Assert.Equal(impact.Duration, c.TimeInStatus.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Time)));
    }

    [Fact]
    public void ReportsWhoWasNotifiedPerChannelAsGiven()
    {
        var (incident, changes) = Build("10:00-11:00", "api", "api@10:00=major_outage/this");

        var impact = ImpactCalculator.Compute(incident, incident.ResolvedAt!.Value, changes, id => id, [new SentCount("telegram", 2), new SentCount("email", 1204)]);

        Assert.Equal([new SentCount("email", 1204), new SentCount("telegram", 2)], impact.Notified);
        Assert.Equal("1,204 email addresses", PostmortemLabels.Reach(impact.Notified[0]));
    }

    private static (Incident Incident, List<ComponentStatusChange> Changes) Build(string window, string components, string history)
    {
        var times = window.Split('-').Select(At).ToArray();
        var incident = new Incident
        {
            Id = "inc",
            Title = "Test",
            Status = IncidentStatus.Resolved,
            ComponentIds = [.. components.Split(' ', StringSplitOptions.RemoveEmptyEntries)],
            Updates =
            [
                new IncidentUpdate { Id = "u1", Status = IncidentStatus.Investigating, Body = "Looking.", Author = "a", PostedAt = times[0], DisplayAt = times[0] },
                new IncidentUpdate { Id = "u2", Status = IncidentStatus.Resolved, Body = "Fixed.", Author = "a", PostedAt = times[1], DisplayAt = times[1] },
            ],
            ResolvedAt = times[1],
        };
        var changes = history.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var (component, rest) = (entry[..entry.IndexOf('@')], entry[(entry.IndexOf('@') + 1)..]);
            var (time, statusAndSource) = (rest[..rest.IndexOf('=')], rest[(rest.IndexOf('=') + 1)..]);
            var (status, source) = (statusAndSource.Split('/')[0], statusAndSource.Split('/')[1]);
            Assert.True(ComponentStatusNames.TryParse(status, out var parsed), status);
            return new ComponentStatusChange
            {
                ComponentId = component,
                Status = parsed,
                At = At(time),
                Source = source switch { "this" => "incident:inc", "other" => "incident:other", "mnt" => "maintenance:m1", _ => source },
            };
        }).ToList();
        return (incident, changes);
    }

    private static DateTime At(string time) => Day + TimeSpan.ParseExact(time, @"hh\:mm", CultureInfo.InvariantCulture);

    private static string Describe(PostmortemImpact impact) => string.Join(" | ", impact.Components.Select(c =>
        $"{c.ComponentId}: {string.Join(", ", c.TimeInStatus.Select(s => $"{s.Status.ToWire()} {(int)s.Time.TotalMinutes}"))}"));
}
