using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Incidents.Templates;

/// <summary>
/// A template as JSON writes it (snake_case): each file in templates/incidents/ and the management API's
/// <c>incident_template</c> body. Every field may be left out; <see cref="ToDraft"/> says what that means.
/// </summary>
/// <param name="Impact">none, minor, major or critical; left out or "" follows the component statuses.</param>
/// <param name="Status">investigating (when left out), identified or monitoring.</param>
/// <param name="Components">Component name (or id) → the status the first update gives it.</param>
/// <param name="Channels">Channels the first notice goes to; left out or null for every channel that is on.</param>
public sealed record IncidentTemplateFields(
    string? Name,
    string? Title,
    string? Impact,
    string? Status,
    string? Body,
    Dictionary<string, string>? Components,
    List<string>? Channels)
{
    /// <summary>The draft these fields make: a field left out keeps <paramref name="current"/>'s value, or is empty for a new template.</summary>
    /// <param name="path">Where the fields sit, to name a refused one as it is written ("incident_template.").</param>
    public IncidentTemplateDraft ToDraft(IncidentTemplate? current, string path) => new(
        Name ?? current?.Name ?? "",
        Title ?? current?.Title ?? "",
        Impact is null ? current?.Impact
            : Impact == "" ? null
            : IncidentNames.TryParseImpact(Impact, out var impact) ? impact
            : throw new ValidationException($"{path}impact is one of none, minor, major, critical; not '{Ellipsis.Shorten(Impact, 40)}'."),
        Status is null ? current?.Status ?? IncidentStatus.Investigating
            : IncidentNames.TryParseStatus(Status, out var status) ? status
            : throw new ValidationException($"{path}status is one of investigating, identified, monitoring; not '{Ellipsis.Shorten(Status, 40)}'."),
        Body ?? current?.Body ?? "",
        Components?.Select(pair => new TemplateComponent(pair.Key, ComponentStatusNames.TryParse(pair.Value, out var componentStatus)
                ? componentStatus
                : throw new ValidationException($"{path}components.{Ellipsis.Shorten(pair.Key, 40)} is one of operational, degraded_performance, partial_outage, major_outage; not '{Ellipsis.Shorten(pair.Value, 40)}'.")))
            .ToList() ?? current?.Components ?? [],
        Channels ?? current?.Channels);
}
