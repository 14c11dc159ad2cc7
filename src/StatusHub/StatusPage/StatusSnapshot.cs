using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Postmortems;
using StatusHub.StatusComponents;

namespace StatusHub.StatusPage;

/// <summary>
/// Everything the public pages show, computed once per change. Pages read this and never touch LiteDB,
/// so thousands of readers during an outage cost memory reads only.
/// </summary>
public sealed class StatusSnapshot
{
    public const int UptimeDays = 90;
    public const int PastIncidentDays = 14;

    private readonly Lazy<int> _historyPages;

    public StatusSnapshot() => _historyPages = new(() => StatusHistory.LastPage(this));

    public required long Sequence { get; init; }
    public required DateTime BuiltAt { get; init; }

    /// <summary>When the content last changed (not when it was rebuilt).</summary>
    public required DateTime UpdatedAt { get; init; }

    public required OverallStatus Overall { get; init; }
    public required IReadOnlyList<ComponentGroupView> Groups { get; init; }
    public required IReadOnlyList<StatusComponent> Components { get; init; }
    public required IReadOnlyList<Incident> Unresolved { get; init; }
    public required IReadOnlyList<ScheduledMaintenance> ActiveMaintenance { get; init; }
    public required IReadOnlyList<ScheduledMaintenance> UpcomingMaintenance { get; init; }

    /// <summary>Every incident, newest first.</summary>
    public required IReadOnlyList<Incident> Incidents { get; init; }

    /// <summary>Every maintenance, newest window first.</summary>
    public required IReadOnlyList<ScheduledMaintenance> Maintenances { get; init; }

    public required IReadOnlyDictionary<string, Incident> IncidentsById { get; init; }
    public required IReadOnlyDictionary<string, ScheduledMaintenance> MaintenancesById { get; init; }
    public required IReadOnlyDictionary<string, StatusComponent> ComponentsById { get; init; }
    public required IReadOnlyDictionary<string, UptimeHistory> Uptime { get; init; }

    /// <summary>Provider names by component id, for components whose status mirrors another status page ("Status from …").</summary>
    public IReadOnlyDictionary<string, string> StatusSources { get; init; } = new Dictionary<string, string>();

    /// <summary>Published post-mortems by incident id: only their public copies exist here.</summary>
    public IReadOnlyDictionary<string, PublishedPostmortem> PostmortemsByIncident { get; init; } = new Dictionary<string, PublishedPostmortem>();

    /// <summary>Published post-mortems, newest publication first.</summary>
    public IReadOnlyList<PublishedPostmortem> Postmortems { get; init; } = [];

    /// <summary>Changes when what the pages show may have changed: after a write, and when the day turns.</summary>
    public required string ContentVersion { get; init; }

    /// <summary>The page's days and months (<see cref="StatusPageOptions.TimeZone"/>).</summary>
    public PageCalendar Calendar { get; init; } = PageCalendar.Utc;

    /// <summary>
    /// Past days of the page's calendar (today included), newest first, each with the incidents open on it: one lasting
    /// three days is under each of them, as on Statuspage.
    /// </summary>
    public IEnumerable<(DateOnly Day, IReadOnlyList<Incident> Incidents)> PastIncidentsByDay()
    {
        var today = Calendar.DayOf(BuiltAt);
        for (var i = 0; i < PastIncidentDays; i++)
        {
            var day = today.AddDays(-i);
            var ofDay = Incidents.Where(x => x.WasOpenDuring(Calendar.StartOf(day), Calendar.StartOf(day.AddDays(1)), BuiltAt)).OrderByDescending(x => x.StartedAt).ToList();
            yield return (day, ofDay);
        }
    }

    /// <summary>How many pages /history has; worked out once per snapshot, not per request.</summary>
    public int HistoryPages => _historyPages.Value;

    /// <summary>Whether the incident's status reads <c>postmortem</c>, as Statuspage's API has it once one is published.</summary>
    public bool HasPublishedPostmortem(string incidentId) => PostmortemsByIncident.ContainsKey(incidentId);

    public string ComponentName(string id) => ComponentsById.TryGetValue(id, out var c) ? c.Name : "(removed component)";

    /// <summary>"API, Webmail" for a list of component ids.</summary>
    public string ComponentNames(IEnumerable<string> ids) => string.Join(", ", ids.Select(ComponentName));
}
