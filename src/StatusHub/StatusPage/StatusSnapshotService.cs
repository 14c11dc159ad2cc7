using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Postmortems;
using StatusHub.Probes;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Upstream;

namespace StatusHub.StatusPage;

/// <summary>Holds the current <see cref="StatusSnapshot"/> and rebuilds it after every committed write.</summary>
public sealed class StatusSnapshotService : IDisposable
{
    private readonly LiteStore _store;
    private readonly TimeProvider _time;
    private readonly PageCalendar _calendar;
    private readonly Lock _buildLock = new();
    private StatusSnapshot _current;
    private readonly long _epoch = DateTime.UtcNow.Ticks;
    private long _sequence;
    private long _writes;

    public StatusSnapshotService(LiteStore store, TimeProvider time, PageCalendar calendar)
    {
        _store = store;
        _time = time;
        _calendar = calendar;
        _current = Build();
        _store.Changed += OnStoreChanged;
    }

    public StatusSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Raised after each rebuild, with the new snapshot.</summary>
    public event Action<StatusSnapshot>? Rebuilt;

    public void Rebuild()
    {
        StatusSnapshot snapshot;
        lock (_buildLock)
        {
            snapshot = Build();
            Volatile.Write(ref _current, snapshot);
        }

        Rebuilt?.Invoke(snapshot);
    }

    public void Dispose() => _store.Changed -= OnStoreChanged;

    private void OnStoreChanged()
    {
        Interlocked.Increment(ref _writes);
        Rebuild();
    }

    private StatusSnapshot Build()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var components = _store.Collection<StatusComponent>().FindAll()
            .OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var groups = _store.Collection<ComponentGroup>().FindAll()
            .OrderBy(g => g.Position).ThenBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var incidents = _store.Collection<Incident>().FindAll().OrderByDescending(i => i.StartedAt).ToList();
        var maintenances = _store.Collection<ScheduledMaintenance>().FindAll().OrderByDescending(m => m.StartsAt).ToList();
        var incidentsById = incidents.ToDictionary(i => i.Id);
        var postmortems = _store.Collection<PublishedPostmortem>().FindAll()
            .Select(p => p.Following(incidentsById.GetValueOrDefault(p.Id)))
            .OrderByDescending(p => p.FirstPublishedAt).ToList();
        var today = _calendar.DayOf(now);
        var since = _calendar.StartOf(today.AddDays(-StatusSnapshot.UptimeDays));
        var changes = _store.Collection<ComponentStatusChange>().Find(c => c.At >= since).ToList();
        foreach (var component in components)
        {
            // The status in force when the window opens comes from the last change before it.
            var before = _store.Collection<ComponentStatusChange>().Query()
                .Where(c => c.ComponentId == component.Id && c.At < since)
                .OrderByDescending(c => c.At)
                .FirstOrDefault();
            if (before is not null)
            {
                changes.Add(before);
            }
        }

        var unresolved = incidents.Where(i => !i.IsResolved).ToList();
        var active = maintenances.Where(m => m.IsUnderway).OrderBy(m => m.StartsAt).ToList();
        var upcoming = maintenances.Where(m => m.Status == MaintenanceStatus.Scheduled && m.StartsAt > now).OrderBy(m => m.StartsAt).ToList();
        var groupViews = ComponentGroupView.Arrange(groups, components);

        var uptime = Uptime(components, changes, incidents, today, now);
        var updatedAt = components.Select(c => c.UpdatedAt)
            .Concat(groups.Select(g => g.UpdatedAt))
            .Concat(incidents.Select(i => i.UpdatedAt))
            .Concat(maintenances.Select(m => m.UpdatedAt))
            .Concat(postmortems.Select(p => p.PublishedAt))
            .DefaultIfEmpty(now)
            .Max();

        return new StatusSnapshot
        {
            Sequence = Interlocked.Increment(ref _sequence),
            BuiltAt = now,
            ContentVersion = $"{_epoch:x}-{Interlocked.Read(ref _writes)}-{today:yyyyMMdd}{MeasuredVersion(components, uptime)}",
            UpdatedAt = updatedAt,
            Overall = OverallStatus.Of(components, unresolved, active),
            Groups = groupViews,
            Components = components,
            Unresolved = unresolved,
            ActiveMaintenance = active,
            UpcomingMaintenance = upcoming,
            Incidents = incidents,
            Maintenances = maintenances,
            IncidentsById = incidentsById,
            MaintenancesById = maintenances.ToDictionary(m => m.Id),
            ComponentsById = components.ToDictionary(c => c.Id),
            Postmortems = postmortems,
            PostmortemsByIncident = postmortems.ToDictionary(p => p.Id),
            StatusSources = _store.Collection<UpstreamLink>().FindAll().ToDictionary(l => l.Id, l => l.ProviderName),
            Uptime = uptime,
            Calendar = _calendar,
        };
    }

    /// <summary>Declared bars from the status history; measured ones from the probes' day rollups, never their raw runs.</summary>
    private Dictionary<string, UptimeHistory> Uptime(List<StatusComponent> components, List<ComponentStatusChange> changes, List<Incident> incidents, DateOnly today, DateTime now)
    {
        var measured = components.Any(c => c.Availability == AvailabilitySource.Measured);
        var probes = measured ? _store.Collection<Probe>().FindAll().ToList() : [];
        var firstDay = ProbeDays.Label(today.AddDays(-StatusSnapshot.UptimeDays));
        var rollups = measured ? _store.Collection<ProbeDay>().Find(d => d.Day >= firstDay).ToList() : [];
        return components.ToDictionary(c => c.Id, c => c.Availability == AvailabilitySource.Measured
            ? MeasuredUptime.Compute(c, probes, rollups, incidents, now, StatusSnapshot.UptimeDays, _calendar)
            : UptimeCalculator.Compute(c, changes, incidents, now, StatusSnapshot.UptimeDays, _calendar));
    }

    /// <summary>
    /// Probe runs are no write the pages wait for, so the minute's rebuild notices them: the version moves (and pages,
    /// live.json and the static export follow) exactly when the text of a measured bar changes, not with every run.
    /// </summary>
    private static string MeasuredVersion(List<StatusComponent> components, Dictionary<string, UptimeHistory> uptime)
    {
        var text = new System.Text.StringBuilder();
        foreach (var component in components.Where(c => c.Availability == AvailabilitySource.Measured))
        {
            var history = uptime[component.Id];
            text.Append(component.Id).Append(PublicLabels.Percent(history.UptimePercent));
            foreach (var day in history.Days)
            {
                text.Append(UptimeBar.Describe(day, history.IsMeasured));
            }
        }

        return text.Length == 0 ? "" : "-m" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}
