using StatusHub.Components.Forms;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.StatusComponents;

/// <summary>The one check every writer makes on component ids it was handed (incidents, maintenance, subscribers, webhooks).</summary>
public static class KnownComponents
{
    /// <summary>The ids without repeats, in the order given, when each names an existing component; otherwise the message names the first that does not.</summary>
    public static List<string> Require(IDocumentReader reader, IEnumerable<string> ids)
    {
        var (known, unknown) = Split(reader, ids);
        return unknown.Count == 0
            ? known
            : throw new ValidationException($"There is no component with id '{Ellipsis.Shorten(unknown[0], 40)}'.");
    }

    /// <summary>The ids without repeats, in the order given, split into those naming an existing component and those that do not.</summary>
    public static (List<string> Known, List<string> Unknown) Split(IDocumentReader reader, IEnumerable<string> ids)
    {
        var components = reader.Collection<StatusComponent>();
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var known = distinct.Where(id => Ids.IsWellFormed(id) && components.FindById(id) is not null).ToList();
        return (known, [.. distinct.Except(known, StringComparer.Ordinal)]);
    }

    /// <summary>Every component in the page's order: by position, then by name.</summary>
    public static IReadOnlyList<StatusComponent> All(IDocumentReader reader) =>
        reader.Collection<StatusComponent>().FindAll().OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The components as a <see cref="Components.Forms.ComponentPicker"/> lists them.</summary>
    public static IReadOnlyList<ComponentChoice> Choices(IEnumerable<StatusComponent> components) =>
        components.Select(c => new ComponentChoice(c.Id, c.Name)).ToList();

    /// <summary>Each component's name by its id, for notices; an id no longer known stands for itself.</summary>
    public static Func<string, string> Names(IDocumentReader reader)
    {
        var names = reader.Collection<StatusComponent>().FindAll().ToDictionary(c => c.Id, c => c.Name);
        return id => names.GetValueOrDefault(id, id);
    }
}
