using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Incidents.Templates;

/// <summary>
/// What a template may hold, for one typed on a staff page, sent to the API or shipped as a file alike. Title and body
/// go through the same <see cref="Validate"/> guards and limits as an incident's own, so a template can always be opened.
/// </summary>
public static class IncidentTemplateRules
{
    /// <returns>The cleaned template, with no id or times yet.</returns>
    public static IncidentTemplate Check(IncidentTemplateDraft draft, IReadOnlyCollection<string> channelNames)
    {
        if (draft.Status == IncidentStatus.Resolved || !Enum.IsDefined(draft.Status))
        {
            throw new ValidationException("A template opens an incident, so its status is investigating, identified or monitoring.");
        }

        if (draft.Impact is { } impact && !Enum.IsDefined(impact))
        {
            throw new ValidationException($"'{impact}' is not an impact.");
        }

        if (draft.Components.Count > IncidentTemplate.MaxComponents)
        {
            throw new ValidationException($"A template names at most {IncidentTemplate.MaxComponents} components, not {draft.Components.Count}.");
        }

        var components = new List<TemplateComponent>();
        foreach (var component in draft.Components)
        {
            var name = Validate.RequiredText(component.Component, "Component name", StatusComponents.StatusComponent.MaxNameLength);
            if (!Enum.IsDefined(component.Status) || component.Status == StatusComponents.ComponentStatus.UnderMaintenance)
            {
                throw new ValidationException($"{name}: an incident sets operational, degraded performance, partial outage or major outage.");
            }

            if (components.Any(c => string.Equals(c.Component, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ValidationException($"{name} is named twice.");
            }

            components.Add(new TemplateComponent(name, component.Status));
        }

        var channels = draft.Channels?.Distinct(StringComparer.Ordinal).ToList();
        if (channels?.FirstOrDefault(c => !channelNames.Contains(c, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ValidationException($"'{Ellipsis.Shorten(unknown, 40)}' is not a channel; the channels are {string.Join(", ", channelNames)}.");
        }

        return new IncidentTemplate
        {
            Id = "",
            Name = Validate.RequiredText(draft.Name, "Template name", IncidentTemplate.MaxNameLength),
            Title = Validate.RequiredText(draft.Title, "Title", Incident.MaxTitleLength),
            Impact = draft.Impact,
            Status = draft.Status,
            Body = Validate.RequiredBody(draft.Body, "Update text", IncidentUpdate.MaxBodyLength),
            Components = components,
            Channels = channels,
        };
    }
}
