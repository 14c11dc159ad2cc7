using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.PublicApi;

/// <summary>
/// Statuspage's public (v2) objects for one snapshot, field for field, so a client written for Statuspage reads
/// StatusHub unchanged. The public JSON, the static export and the management API all build their answers here.
/// </summary>
public sealed class StatuspageV2
{
    /// <summary>incidents.json and scheduled-maintenances.json answer "the 50 most recent", as Statuspage's do.</summary>
    public const int RecentLimit = 50;

    /// <summary>The body Statuspage gives a maintenance announced without a description.</summary>
    public const string DefaultMaintenanceBody = "We will be undergoing scheduled maintenance during this time.";

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly StatusSnapshot _snapshot;
    private readonly string _baseUrl;
    private readonly Dictionary<string, V2Component> _componentsById;

    /// <summary>"Group - Component", the way affected_components names a grouped component.</summary>
    private readonly Dictionary<string, string> _qualifiedNames = new(StringComparer.Ordinal);

    public StatuspageV2(StatusSnapshot snapshot, StatusPageOptions options)
    {
        _snapshot = snapshot;
        _baseUrl = options.BaseUrl;
        // time_zone is the page's (its days and months); every time is still written in UTC with a Z, a moment either way.
        Page = new V2Page(PageId(options), options.Name, _baseUrl, snapshot.Calendar.ZoneName, snapshot.UpdatedAt);
        Status = new V2Status(snapshot.Overall.Indicator.ToWire(), snapshot.Overall.Description);
        Components = ListComponents();
        _componentsById = Components.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new StatuspageTimeConverter() },
    };

    public V2Page Page { get; }

    public V2Status Status { get; }

    /// <summary>Groups and components in one list, in page order, each group followed by its members.</summary>
    public IReadOnlyList<V2Component> Components { get; }

    public static byte[] ToJson<T>(T document) => JsonSerializer.SerializeToUtf8Bytes(document, JsonOptions);

    /// <summary>
    /// Statuspage's page id names one page; StatusHub serves one page per install, known by its public URL, so the
    /// id is derived from that URL: stable across restarts and identical in a static export.
    /// </summary>
    public static string PageId(StatusPageOptions options) => DerivedId("page:" + options.BaseUrl);

    /// <summary>A component or group by id; null for an id the snapshot does not have.</summary>
    public V2Component? Component(string id) => _componentsById.GetValueOrDefault(id);

    public V2Summary Summary() => new(
        Page,
        Components,
        [.. _snapshot.Unresolved.Select(Incident)],
        [.. _snapshot.ActiveMaintenance.Concat(_snapshot.UpcomingMaintenance).Select(Maintenance)],
        Status);

    public V2PageStatus PageStatus() => new(Page, Status);

    public V2ComponentList ComponentList() => new(Page, Components);

    public V2IncidentList RecentIncidents() => new(Page, [.. _snapshot.Incidents.Take(RecentLimit).Select(Incident)]);

    public V2IncidentList UnresolvedIncidents() => new(Page, [.. _snapshot.Unresolved.Select(Incident)]);

    /// <summary>Cancelled maintenance has no Statuspage status (Statuspage deletes it instead), so it is left out.</summary>
    public V2MaintenanceList RecentMaintenances() =>
        new(Page, [.. _snapshot.Maintenances.Where(m => m.Status != MaintenanceStatus.Cancelled).Take(RecentLimit).Select(Maintenance)]);

    public V2MaintenanceList UpcomingMaintenances() => new(Page, [.. _snapshot.UpcomingMaintenance.Select(Maintenance)]);

    public V2MaintenanceList ActiveMaintenances() => new(Page, [.. _snapshot.ActiveMaintenance.Select(Maintenance)]);

    public V2Incident Incident(Incident incident)
    {
        var affected = AffectedComponents(incident);
        var updates = incident.Timeline.Select(update => new V2IncidentUpdate(
                update.Id,
                update.Status.ToWire(),
                update.Body,
                incident.Id,
                update.PostedAt,
                update.Revisions.Count > 0 ? update.Revisions[^1].EditedAt : update.PostedAt,
                update.DisplayAt,
                affected[update.Id],
                update.NotificationId is not null))
            .ToList();
        return new V2Incident(
            incident.Id,
            incident.Title,
            // Statuspage's last incident status: resolved, and the post-mortem is out.
            incident.IsResolved && _snapshot.HasPublishedPostmortem(incident.Id) ? "postmortem" : incident.Status.ToWire(),
            incident.CreatedAt,
            incident.UpdatedAt,
            incident.Updates.Where(u => u.Status == IncidentStatus.Monitoring).Select(u => (DateTime?)u.DisplayAt).Min(),
            incident.ResolvedAt,
            incident.Impact.ToWire(),
            $"{_baseUrl}/incidents/{incident.Id}",
            incident.StartedAt,
            Page.Id,
            updates,
            ComponentsOf(incident.ComponentIds));
    }

    public V2Maintenance Maintenance(ScheduledMaintenance maintenance)
    {
        // Statuspage opens a maintenance with a "scheduled" update carrying its description and naming the components
        // (their status unchanged); StatusHub keeps that text on the maintenance itself, so the update is made up here,
        // with an id that stays the same.
        var announcement = new V2IncidentUpdate(
            DerivedId("scheduled:" + maintenance.Id),
            MaintenanceStatus.Scheduled.ToWire(),
            string.IsNullOrWhiteSpace(maintenance.Body) ? DefaultMaintenanceBody : maintenance.Body,
            maintenance.Id,
            maintenance.CreatedAt,
            maintenance.CreatedAt,
            maintenance.CreatedAt,
            MaintenanceChanges(maintenance, MaintenanceStatus.Scheduled),
            true);
        var updates = maintenance.Updates
            .OrderByDescending(u => u.PostedAt)
            .Select(update => new V2IncidentUpdate(
                update.Id,
                update.Status.ToWire(),
                update.Body,
                maintenance.Id,
                update.PostedAt,
                update.PostedAt,
                update.PostedAt,
                MaintenanceChanges(maintenance, update.Status),
                true))
            .Append(announcement)
            .ToList();
        var completed = maintenance.Updates.LastOrDefault(u => u.Status == MaintenanceStatus.Completed);
        return new V2Maintenance(
            maintenance.Id,
            maintenance.Title,
            maintenance.Status.ToWire(),
            maintenance.CreatedAt,
            maintenance.UpdatedAt,
            null,
            maintenance.Status == MaintenanceStatus.Completed ? completed?.PostedAt ?? maintenance.EndsAt : null,
            "maintenance",
            $"{_baseUrl}/maintenance/{maintenance.Id}",
            maintenance.CreatedAt,
            Page.Id,
            maintenance.StartsAt,
            maintenance.EndsAt,
            updates,
            ComponentsOf(maintenance.ComponentIds));
    }

    private List<V2Component> ListComponents()
    {
        var pageId = Page.Id;
        var list = new List<V2Component>();
        var position = 0;
        foreach (var view in _snapshot.Groups)
        {
            if (view.Group is not { } group)
            {
                list.AddRange(view.Components.Select(c => Leaf(c, ++position, null)));
                continue;
            }

            list.Add(new V2Component(
                group.Id,
                group.Name,
                view.WorstStatus.ToWire(),
                group.CreatedAt,
                view.Components.Select(c => c.UpdatedAt).Append(group.UpdatedAt).Max(),
                ++position,
                group.Description,
                Showcase: false,
                StartDate: null,
                GroupId: null,
                pageId,
                Group: true,
                OnlyShowIfDegraded: false)
            {
                Components = [.. view.Components.Select(c => c.Id)],
            });
            var member = 0;
            foreach (var component in view.Components)
            {
                list.Add(Leaf(component, ++member, group.Id));
                _qualifiedNames[component.Id] = $"{group.Name} - {component.Name}";
            }
        }

        return list;

        // Positions count from 1 within the container, as Statuspage's do. Every component has an uptime bar, hence showcase.
        V2Component Leaf(StatusComponent component, int at, string? groupId) => new(
            component.Id,
            component.Name,
            component.Status.ToWire(),
            component.CreatedAt,
            component.UpdatedAt,
            at,
            component.Description,
            Showcase: true,
            StartDate: _snapshot.Calendar.DayOf(component.CreatedAt),
            GroupId: groupId,
            pageId,
            Group: false,
            OnlyShowIfDegraded: false);
    }

    private List<V2Component> ComponentsOf(IEnumerable<string> ids) => [.. ids.Select(Component).OfType<V2Component>()];

    /// <summary>
    /// For each update, the components it set, each with the status the incident's previous update gave it
    /// (operational before the first). Null when an update set none, as Statuspage sends it.
    /// </summary>
    private Dictionary<string, IReadOnlyList<V2AffectedComponent>?> AffectedComponents(Incident incident)
    {
        var before = new Dictionary<string, ComponentStatus>(StringComparer.Ordinal);
        var result = new Dictionary<string, IReadOnlyList<V2AffectedComponent>?>(StringComparer.Ordinal);
        foreach (var update in incident.Timeline.Reverse())
        {
            result[update.Id] = update.ComponentStatuses.Count == 0
                ? null
                : [.. update.ComponentStatuses.Select(set => Affected(set.Key, before.GetValueOrDefault(set.Key), set.Value))];
            foreach (var (id, status) in update.ComponentStatuses)
            {
                before[id] = status;
            }
        }

        return result;
    }

    /// <summary>
    /// What each step of a window did to its components: announced, they keep their status; opened, they go under
    /// maintenance; completed, they get back what they had. A window that never opened changed nothing when it closed.
    /// </summary>
    private List<V2AffectedComponent>? MaintenanceChanges(ScheduledMaintenance maintenance, MaintenanceStatus step)
    {
        ComponentStatus Before(string id) => maintenance.StatusesBefore.GetValueOrDefault(id);

        ComponentStatus Restored(string id) => Before(id) == ComponentStatus.UnderMaintenance ? ComponentStatus.Operational : Before(id);

        return step switch
        {
            MaintenanceStatus.Scheduled => [.. maintenance.ComponentIds.Select(id => Affected(id, Before(id), Before(id)))],
            MaintenanceStatus.InProgress => [.. maintenance.ComponentIds.Select(id => Affected(id, Before(id), ComponentStatus.UnderMaintenance))],
            MaintenanceStatus.Completed when maintenance.HasOpened => [.. maintenance.ComponentIds.Select(id => Affected(id, ComponentStatus.UnderMaintenance, Restored(id)))],
            _ => null,
        };
    }

    private V2AffectedComponent Affected(string componentId, ComponentStatus old, ComponentStatus @new) =>
        new(componentId, _qualifiedNames.GetValueOrDefault(componentId) ?? _snapshot.ComponentName(componentId), old.ToWire(), @new.ToWire());

    /// <summary>A 12-character id in Statuspage's alphabet, the same for the same seed on every run and in every export.</summary>
    private static string DerivedId(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return string.Create(12, hash, (chars, bytes) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = IdAlphabet[bytes[i] % IdAlphabet.Length];
            }
        });
    }
}
