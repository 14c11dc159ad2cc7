using StatusHub.StatusComponents;

namespace StatusHub.StatusPage;

/// <summary>
/// A component, or a group standing for the components in it, as the per-component public files (badge, feeds)
/// address it. Statuspage lists groups among the components, so a group's id has to work wherever a component's does.
/// </summary>
public sealed record ComponentScope(string Id, string Name, ComponentStatus Status, IReadOnlySet<string> ComponentIds)
{
    public static IEnumerable<ComponentScope> All(StatusSnapshot snapshot) =>
        snapshot.Components.Select(Of).Concat(snapshot.Groups.Where(view => view.Group is not null).Select(Of));

    public static ComponentScope? Find(StatusSnapshot snapshot, string id)
    {
        if (snapshot.ComponentsById.TryGetValue(id, out var component))
        {
            return Of(component);
        }

        var group = snapshot.Groups.FirstOrDefault(view => view.Group?.Id == id);
        return group is null ? null : Of(group);
    }

    public bool Touches(IEnumerable<string> componentIds) => componentIds.Any(ComponentIds.Contains);

    private static ComponentScope Of(StatusComponent component) => new(component.Id, component.Name, component.Status, new HashSet<string>([component.Id]));

    private static ComponentScope Of(ComponentGroupView view) =>
        new(view.Group!.Id, view.Group.Name, view.WorstStatus, view.Components.Select(c => c.Id).ToHashSet());
}
