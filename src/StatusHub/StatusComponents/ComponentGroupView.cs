namespace StatusHub.StatusComponents;

/// <summary>A group heading and its components in display order; the group is null for ungrouped components.</summary>
public sealed record ComponentGroupView(ComponentGroup? Group, IReadOnlyList<StatusComponent> Components)
{
    /// <summary>The worst status among the group's components.</summary>
    public ComponentStatus WorstStatus => Components.Select(c => c.Status).DefaultIfEmpty(ComponentStatus.Operational).MaxBy(s => s.Severity());

    /// <summary>
    /// Where every list of components puts what, the public page and the staff list alike: the ungrouped components
    /// first, then each group, both in the order given.
    /// </summary>
    /// <param name="keepEmpty">Staff see a group with nothing in it yet (and an empty list when there is no group at all); the public page leaves both out.</param>
    public static IReadOnlyList<ComponentGroupView> Arrange(IReadOnlyList<ComponentGroup> groups, IReadOnlyList<StatusComponent> components, bool keepEmpty = false)
    {
        var groupIds = groups.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var views = new List<ComponentGroupView>();
        var ungrouped = components.Where(c => c.GroupId is null || !groupIds.Contains(c.GroupId)).ToList();
        if (ungrouped.Count > 0 || (keepEmpty && groups.Count == 0))
        {
            views.Add(new ComponentGroupView(null, ungrouped));
        }

        foreach (var group in groups)
        {
            var members = components.Where(c => c.GroupId == group.Id).ToList();
            if (members.Count > 0 || keepEmpty)
            {
                views.Add(new ComponentGroupView(group, members));
            }
        }

        return views;
    }
}
