using System.Text.Json.Nodes;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.StatusPage;

/// <summary>Statuspage's rollup indicator. <see cref="Maintenance"/> only shows when nothing is worse.</summary>
public enum StatusIndicator
{
    None,
    Maintenance,
    Minor,
    Major,
    Critical,
}

/// <summary>The page's top-level status: an indicator and the sentence customers read.</summary>
public sealed record OverallStatus(StatusIndicator Indicator, string Description)
{
    public static readonly OverallStatus Operational = new(StatusIndicator.None, "All Systems Operational");

    /// <summary>Statuspage's <c>meta</c> and <c>page</c> webhook fields, telling this status.</summary>
    public JsonObject WebhookMeta(PageInfo page) => NotificationContent.WebhookMeta(page, Indicator.ToWire(), Description);

    /// <summary>
    /// The one rollup: what the page, its snapshot, every notice, webhook and preview say about the whole page,
    /// from its components, its unresolved incidents and whether a maintenance window is underway.
    /// </summary>
    public static OverallStatus Of(IEnumerable<StatusComponent> components, IEnumerable<Incident> incidents, IEnumerable<ScheduledMaintenance> maintenances) =>
        Compute(components.Select(c => c.Status), incidents.Where(i => !i.IsResolved).Select(i => i.Impact), maintenances.Any(m => m.IsUnderway));

    /// <summary>
    /// <see cref="Of"/> over the store, or over the store as it will be once <paramref name="pending"/> is saved in the
    /// same write (its notice is queued before the incident is written, so that the incident is written once), and
    /// with <paramref name="pendingComponents"/>' statuses, for a preview of a change not yet made.
    /// </summary>
    public static OverallStatus Read(IDocumentReader reader, Incident? pending = null, IReadOnlyDictionary<string, ComponentStatus>? pendingComponents = null)
    {
        var unresolved = reader.Collection<Incident>().Find(i => i.Status != IncidentStatus.Resolved).Where(i => i.Id != pending?.Id);
        var underway = reader.Collection<ScheduledMaintenance>().Find(m => m.Status == MaintenanceStatus.InProgress || m.Status == MaintenanceStatus.Verifying);
        var components = reader.Collection<StatusComponent>().FindAll()
            .Select(c => pendingComponents?.TryGetValue(c.Id, out var status) == true ? c with { Status = status } : c);
        return Of(components, pending is null ? unresolved : unresolved.Append(pending), underway);
    }

    /// <summary>
    /// Worst of the component statuses (degraded → minor, partial outage → major, major outage → critical,
    /// the same scale Statuspage uses to derive an incident's impact) and the impact of every unresolved incident.
    /// Maintenance only speaks when nothing is broken.
    /// </summary>
    public static OverallStatus Compute(IEnumerable<ComponentStatus> componentStatuses, IEnumerable<IncidentImpact> unresolvedImpacts, bool maintenanceInProgress = false)
    {
        var indicator = StatusIndicator.None;
        foreach (var status in componentStatuses)
        {
            var fromComponent = status switch
            {
                ComponentStatus.DegradedPerformance => StatusIndicator.Minor,
                ComponentStatus.PartialOutage => StatusIndicator.Major,
                ComponentStatus.MajorOutage => StatusIndicator.Critical,
                ComponentStatus.UnderMaintenance => StatusIndicator.Maintenance,
                _ => StatusIndicator.None,
            };
            indicator = Max(indicator, fromComponent);
        }

        foreach (var impact in unresolvedImpacts)
        {
            var fromIncident = impact switch
            {
                IncidentImpact.Minor => StatusIndicator.Minor,
                IncidentImpact.Major => StatusIndicator.Major,
                IncidentImpact.Critical => StatusIndicator.Critical,
                _ => StatusIndicator.None,
            };
            indicator = Max(indicator, fromIncident);
        }

        if (maintenanceInProgress)
        {
            indicator = Max(indicator, StatusIndicator.Maintenance);
        }

        return indicator switch
        {
            StatusIndicator.Critical => new(indicator, "Major Service Outage"),
            StatusIndicator.Major => new(indicator, "Partial System Outage"),
            StatusIndicator.Minor => new(indicator, "Minor Service Outage"),
            StatusIndicator.Maintenance => new(indicator, "Service Under Maintenance"),
            _ => Operational,
        };
    }

    private static StatusIndicator Max(StatusIndicator a, StatusIndicator b) => a > b ? a : b;
}

public static class StatusIndicatorNames
{
    public static string ToWire(this StatusIndicator indicator) => indicator.ToString().ToLowerInvariant();
}
