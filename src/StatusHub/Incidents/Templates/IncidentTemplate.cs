using LiteDB;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Incidents.Templates;

/// <summary>
/// A reusable start for an incident: its title, impact, first update and component statuses, and the channels the first
/// notice goes to. Components are named, not referred to by id, so a template shipped as a file fits any installation.
/// </summary>
public sealed record IncidentTemplate : IVersioned
{
    public const int MaxNameLength = 100;
    public const int MaxComponents = 50;

    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Title { get; init; }

    /// <summary>The impact to open with, or null to follow the component statuses.</summary>
    public IncidentImpact? Impact { get; init; }

    public IncidentStatus Status { get; init; } = IncidentStatus.Investigating;
    public required string Body { get; init; }
    public List<TemplateComponent> Components { get; init; } = [];

    /// <summary>Channel names the first notice goes to; null for every channel that is on.</summary>
    public List<string>? Channels { get; init; }

    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    /// <summary>For a template shipped in templates/incidents/, its file name; null for one staff saved.</summary>
    [BsonIgnore]
    public string? File { get; init; }

    [BsonIgnore]
    public bool IsShipped => File is not null;
}

/// <summary>A component, by its name (or id), and the status the first update gives it.</summary>
public sealed record TemplateComponent(string Component, ComponentStatus Status);

/// <summary>What staff type to save a template.</summary>
public sealed record IncidentTemplateDraft(
    string Name,
    string Title,
    IncidentImpact? Impact,
    IncidentStatus Status,
    string Body,
    IReadOnlyList<TemplateComponent> Components,
    IReadOnlyCollection<string>? Channels);

/// <summary>A template's components matched to this installation's: the statuses to set, and the names nothing matched.</summary>
public sealed record TemplateComponents(IReadOnlyDictionary<string, ComponentStatus> Statuses, IReadOnlyList<string> Unknown)
{
    /// <summary>Matches each named component by id, else by name ignoring case; an unmatched name is skipped and reported.</summary>
    public static TemplateComponents Match(IncidentTemplate template, IReadOnlyList<StatusComponent> installed)
    {
        var statuses = new Dictionary<string, ComponentStatus>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var wanted in template.Components)
        {
            var found = installed.FirstOrDefault(c => c.Id == wanted.Component)
                ?? installed.FirstOrDefault(c => string.Equals(c.Name, wanted.Component, StringComparison.OrdinalIgnoreCase));
            if (found is null)
            {
                unknown.Add(wanted.Component);
            }
            else
            {
                statuses[found.Id] = wanted.Status;
            }
        }

        return new TemplateComponents(statuses, unknown);
    }
}
