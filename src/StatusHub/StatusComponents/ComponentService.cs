using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.StatusComponents;

public sealed record ComponentDraft(string Name, string? Description, string? GroupId, int? Position = null);

public enum MoveDirection
{
    Up,
    Down,
}

/// <summary>Creates, edits and orders components and groups; every status change lands in the history.</summary>
public sealed class ComponentService(LiteStore store, TimeProvider time, NotificationPublisher publisher)
{
    public IReadOnlyList<StatusComponent> All() => KnownComponents.All(store);

    public IReadOnlyList<ComponentGroup> Groups() =>
        store.Collection<ComponentGroup>().FindAll().OrderBy(g => g.Position).ThenBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public StatusComponent Get(string id) =>
        store.Collection<StatusComponent>().FindById(id) ?? throw new NotFoundException($"There is no component with id '{id}'.");

    public StatusComponent Create(ComponentDraft draft, string actor, ComponentStatus status = ComponentStatus.Operational)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var component = scope.Insert(new StatusComponent
            {
                Id = Ids.New(),
                Name = Validate.RequiredText(draft.Name, "Component name", StatusComponent.MaxNameLength),
                Description = Validate.OptionalBody(draft.Description, "Description", StatusComponent.MaxDescriptionLength),
                GroupId = CheckGroup(scope, draft.GroupId),
                Position = draft.Position ?? scope.Collection<StatusComponent>().Count(),
                Status = status,
                CreatedAt = now,
                UpdatedAt = now,
            });
            scope.Collection<ComponentStatusChange>().Insert(new ComponentStatusChange { ComponentId = component.Id, Status = status, At = now, Source = "created" });
            scope.Audit(now, actor, "component.created", $"component:{component.Id}", component.Name);
            return component;
        });
    }

    /// <param name="source">What caused a status change, for the history: "manual", or "upstream:{host}" for a mirrored one.</param>
    public StatusComponent Update(StatusComponent edited, string actor, string source = "manual")
    {
        var now = Now();
        return store.Write(scope =>
        {
            var cleaned = edited with
            {
                Name = Validate.RequiredText(edited.Name, "Component name", StatusComponent.MaxNameLength),
                Description = Validate.OptionalBody(edited.Description, "Description", StatusComponent.MaxDescriptionLength),
                GroupId = CheckGroup(scope, edited.GroupId),
                UpdatedAt = now,
            };
            var before = scope.Collection<StatusComponent>().FindById(edited.Id) ?? throw new NotFoundException($"There is no component with id '{edited.Id}'.");
            var saved = scope.Update(cleaned, $"Component \"{before.Name}\"");
            if (before.Status != saved.Status)
            {
                scope.Collection<ComponentStatusChange>().Insert(new ComponentStatusChange { ComponentId = saved.Id, Status = saved.Status, At = now, Source = source });
                publisher.EnqueueComponentChanges(scope, [new ComponentStatusChanged(saved, before.Status, now)], OverallStatus.Read(scope), null, actor, now);
            }

            scope.Audit(now, actor, "component.updated", $"component:{saved.Id}", Describe(before, saved));
            return saved;
        });
    }

    /// <summary>
    /// Chooses what the component's public 90-day bar is drawn from; refused when <paramref name="expectedVersion"/> is no
    /// longer the stored one. An admin's choice (the Probes page): measured uptime is only as good as the probes behind it.
    /// </summary>
    public StatusComponent SetAvailability(string id, int expectedVersion, AvailabilitySource source, string actor) =>
        Enum.IsDefined(source)
            ? Update(Get(id) with { Availability = source, Version = expectedVersion }, actor)
            : throw new ValidationException("The 90-day bar is drawn from declared status or from the probes' measurements.");

    /// <summary>What each channel would send if <paramref name="component"/> were set to <paramref name="status"/> by hand (its webhook notice). Nothing is saved.</summary>
    public IReadOnlyList<ChannelPreview> PreviewStatus(StatusComponent component, ComponentStatus status)
    {
        var now = Now();
        var change = new ComponentStatusChanged(component with { Status = status, UpdatedAt = now }, component.Status, now);
        return publisher.Preview(ComponentNotice.For(change, publisher.Page, OverallStatus.Read(store)), store);
    }

    public void Delete(string id, string actor)
    {
        var now = Now();
        store.Write(scope =>
        {
            var component = scope.Collection<StatusComponent>().FindById(id) ?? throw new NotFoundException($"There is no component with id '{id}'.");
            scope.Collection<StatusComponent>().Delete(id);
            scope.Audit(now, actor, "component.deleted", $"component:{id}", component.Name);
        });
    }

    /// <summary>
    /// Swaps a component with its neighbour in the same group (groups are listed separately, so that is the
    /// neighbour staff see) and renumbers every position from 0, which also heals gaps left by deletes.
    /// At the edge of its group the component stays where it is.
    /// </summary>
    public IReadOnlyList<StatusComponent> Move(string id, MoveDirection direction, string actor)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var ordered = scope.Collection<StatusComponent>().FindAll()
                .OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
            var index = ordered.FindIndex(c => c.Id == id);
            if (index < 0)
            {
                throw new NotFoundException($"There is no component with id '{id}'.");
            }

            var moving = ordered[index];
            var step = direction == MoveDirection.Up ? -1 : 1;
            var neighbour = index + step;
            while (neighbour >= 0 && neighbour < ordered.Count && ordered[neighbour].GroupId != moving.GroupId)
            {
                neighbour += step;
            }

            if (neighbour < 0 || neighbour >= ordered.Count)
            {
                return ordered;
            }

            (ordered[index], ordered[neighbour]) = (ordered[neighbour], ordered[index]);
            var renumbered = ordered
                .Select((component, position) => component.Position == position ? component : scope.Update(component with { Position = position, UpdatedAt = now }, $"Component \"{component.Name}\""))
                .ToList();
            scope.Audit(now, actor, "component.moved", $"component:{id}", $"{moving.Name} {direction.ToString().ToLowerInvariant()}");
            return renumbered;
        });
    }

    public ComponentGroup CreateGroup(string name, string? description, string actor)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var group = scope.Insert(new ComponentGroup
            {
                Id = Ids.New(),
                Name = Validate.RequiredText(name, "Group name", ComponentGroup.MaxNameLength),
                Description = Validate.OptionalBody(description, "Description", StatusComponent.MaxDescriptionLength),
                Position = scope.Collection<ComponentGroup>().Count(),
                CreatedAt = now,
                UpdatedAt = now,
            });
            scope.Audit(now, actor, "group.created", $"group:{group.Id}", group.Name);
            return group;
        });
    }

    public ComponentGroup UpdateGroup(ComponentGroup edited, string actor)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var saved = scope.Update(
                edited with
                {
                    Name = Validate.RequiredText(edited.Name, "Group name", ComponentGroup.MaxNameLength),
                    Description = Validate.OptionalBody(edited.Description, "Description", StatusComponent.MaxDescriptionLength),
                    UpdatedAt = now,
                },
                $"Group \"{edited.Name}\"");
            scope.Audit(now, actor, "group.updated", $"group:{saved.Id}", saved.Name);
            return saved;
        });
    }

    /// <summary>Deletes a group; its components stay, ungrouped.</summary>
    public void DeleteGroup(string id, string actor)
    {
        var now = Now();
        store.Write(scope =>
        {
            var group = scope.Collection<ComponentGroup>().FindById(id) ?? throw new NotFoundException($"There is no group with id '{id}'.");
            var components = scope.Collection<StatusComponent>();
            foreach (var member in components.Find(c => c.GroupId == id).ToList())
            {
                scope.Update(member with { GroupId = null, UpdatedAt = now }, $"Component \"{member.Name}\"");
            }

            scope.Collection<ComponentGroup>().Delete(id);
            scope.Audit(now, actor, "group.deleted", $"group:{id}", group.Name);
        });
    }

    private static string? CheckGroup(WriteScope scope, string? groupId)
    {
        if (string.IsNullOrWhiteSpace(groupId))
        {
            return null;
        }

        return scope.Collection<ComponentGroup>().FindById(groupId) is null
            ? throw new ValidationException($"There is no component group with id '{groupId}'.")
            : groupId;
    }

    private static string Describe(StatusComponent before, StatusComponent after)
    {
        var changes = new List<string>();
        if (before.Name != after.Name)
        {
            changes.Add($"name \"{before.Name}\" → \"{after.Name}\"");
        }

        if (before.Status != after.Status)
        {
            changes.Add($"status {before.Status.ToWire()} → {after.Status.ToWire()}");
        }

        if (before.GroupId != after.GroupId)
        {
            changes.Add($"group {before.GroupId ?? "none"} → {after.GroupId ?? "none"}");
        }

        if (before.Availability != after.Availability)
        {
            changes.Add($"90-day bar {before.Availability.ToString().ToLowerInvariant()} → {after.Availability.ToString().ToLowerInvariant()}");
        }

        if (before.Description != after.Description)
        {
            changes.Add("description changed");
        }

        if (before.Position != after.Position)
        {
            changes.Add($"position {before.Position} → {after.Position}");
        }

        return changes.Count == 0 ? "no change" : string.Join("; ", changes);
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
