using StatusHub.Incidents;
using StatusHub.StatusComponents;

namespace StatusHub.Postmortems;

/// <summary>
/// A post-mortem's timeline, oldest first: the incident's updates with the statuses they set, the status changes of its
/// components that something else made during the incident (a maintenance window, another incident, staff), and the
/// events staff added afterwards, public or internal.
/// </summary>
public static class PostmortemTimeline
{
    public static List<TimelineEntry> Build(
        Incident incident,
        DateTime end,
        IReadOnlyList<ComponentStatusChange> changes,
        IReadOnlyList<TimelineEvent> events,
        Func<string, string> componentName)
    {
        var ownSource = ImpactCalculator.SourceOf(incident);
        var start = incident.StartedAt;
        var affected = ImpactCalculator.AffectedComponents(incident).ToHashSet(StringComparer.Ordinal);

        var updates = incident.Updates.Select(u => new TimelineEntry
        {
            At = u.DisplayAt,
            Kind = TimelineEntryKind.Update,
            Label = u.Status.ToLabel(),
            Text = u.Body,
            Components = [.. u.ComponentStatuses.Select(p => new ComponentStatusNote(componentName(p.Key), p.Value))],
        });

        // This incident's own changes are already told by its updates.
        var elsewhere = changes
            .Where(c => c.Source != ownSource && c.Source != "created" && affected.Contains(c.ComponentId) && c.At >= start && c.At <= end)
            .GroupBy(c => (c.At, c.Source))
            .Select(g => new TimelineEntry
            {
                At = g.Key.At,
                Kind = TimelineEntryKind.StatusChange,
                Label = SourceLabel(g.Key.Source),
                Components = [.. g.OrderBy(c => c.Id).Select(c => new ComponentStatusNote(componentName(c.ComponentId), c.Status))],
            });

        var added = events.Select(e => new TimelineEntry
        {
            At = e.At,
            Kind = TimelineEntryKind.Event,
            Text = e.Text,
            IsPublic = e.IsPublic,
            EventId = e.Id,
        });

        return updates.Concat(elsewhere).Concat(added)
            .Select((entry, index) => (entry, index))
            .OrderBy(x => x.entry.At)
            .ThenBy(x => x.index)
            .Select(x => x.entry)
            .ToList();
    }

    public static string SourceLabel(string source) => source switch
    {
        _ when source.StartsWith("maintenance:", StringComparison.Ordinal) => "Maintenance",
        _ when source.StartsWith("incident:", StringComparison.Ordinal) => "Another incident",
        "manual" => "Status set by staff",
        _ => "Status change",
    };
}
