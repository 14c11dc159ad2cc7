using StatusHub.Channels;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// /component &lt;name&gt; &lt;status&gt;: sets one component's status by hand, as the Components page does. The name
/// is matched ignoring case; an unknown or ambiguous one, or a missing status, is asked with buttons.
/// </summary>
public sealed class ComponentForm(ComponentService components) : IStaffForm
{
    public string Kind => "component";

    public string? Missing(StaffDialog dialog) => new[] { "component", "status" }.FirstOrDefault(field => dialog.Field(field) is null);

    /// <summary>A dialog started from "/component Web app major_outage": the status is the last word when it is one, the rest names the component.</summary>
    public StaffDialog Start(StaffDialog dialog, string? argument)
    {
        var words = (argument ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var hasStatus = words.Length > 0 && ComponentStatusNames.TryParse(words[^1].ToLowerInvariant(), out _);
        var name = string.Join(' ', hasStatus ? words[..^1] : words);
        if (hasStatus)
        {
            dialog = dialog.With("status", words[^1].ToLowerInvariant());
        }

        var matches = Matching(name);
        return matches.Count == 1 && name.Length > 0 ? dialog.With("component", matches[0].Id) : dialog.With("query", name);
    }

    public StaffQuestion Ask(StaffDialog dialog, string field) => field switch
    {
        "component" => new StaffQuestion(
            dialog.Field("query") is { Length: > 0 } query
                ? $"More than one component, or none, is called “{HtmlText.Escape(Ellipsis.Shorten(query, 60))}”. <b>Which one?</b>"
                : "<b>Which component?</b>",
            (Matching(dialog.Field("query") ?? "") is { Count: > 0 } found ? found : components.All())
                .Select(c => new StaffChoice($"{c.Name}: {c.Status.ToLabel()}", c.Id)).ToList()),
        _ => new StaffQuestion(
            $"<b>Status</b> of {HtmlText.Escape(Component(dialog).Name)}? (now {Component(dialog).Status.ToLabel().ToLowerInvariant()})",
            [.. Enum.GetValues<ComponentStatus>().Select(s => new StaffChoice(s.ToLabel(), s.ToWire()))]),
    };

    public StaffDialog Answer(StaffDialog dialog, string field, string answer) => field switch
    {
        "component" => dialog.With("component", components.Get(answer).Id),
        "status" when ComponentStatusNames.TryParse(answer, out _) => dialog.With("status", answer),
        _ => throw new ValidationException($"That is not a component status: use one of {string.Join(", ", Enum.GetValues<ComponentStatus>().Select(s => s.ToWire()))}."),
    };

    public IReadOnlyList<StaffChoice> Editable(StaffDialog dialog) => [new("Component", "component"), new("Status", "status")];

    /// <summary>A change made by hand goes to component webhooks only, never a choice of channels.</summary>
    public bool ChoosesChannels => false;

    public StaffPreview Preview(StaffDialog dialog, string actor)
    {
        var component = Component(dialog);
        var status = Status(dialog);
        var headline = $"<b>Component</b> {HtmlText.Escape(component.Name)}: {component.Status.ToLabel().ToLowerInvariant()} → <b>{status.ToLabel().ToLowerInvariant()}</b>\n" +
            "A change made by hand is announced to component webhooks only; an incident tells customers.";
        return new StaffPreview(headline, components.PreviewStatus(component, status), PublishChoice.AllChannels, dialog with { ExpectedVersion = component.Version });
    }

    public string Publish(StaffDialog dialog, string actor)
    {
        var expected = dialog.ExpectedVersion ?? throw new ValidationException("This preview is out of date: start again.") { RefusedByState = true };
        var saved = components.Update(Component(dialog) with { Status = Status(dialog), Version = expected }, actor);
        return $"set component <b>{HtmlText.Escape(saved.Name)}</b> to {saved.Status.ToLabel().ToLowerInvariant()}";
    }

    /// <summary>The one component named exactly (ignoring case), else those whose names contain the words.</summary>
    private List<StatusComponent> Matching(string name)
    {
        if (name.Length == 0)
        {
            return [];
        }

        var all = components.All();
        var exact = all.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return exact.Count > 0 ? exact : [.. all.Where(c => c.Name.Contains(name, StringComparison.OrdinalIgnoreCase))];
    }

    private StatusComponent Component(StaffDialog dialog) => components.Get(dialog.Field("component")!);

    private static ComponentStatus Status(StaffDialog dialog) =>
        ComponentStatusNames.TryParse(dialog.Field("status"), out var status) ? status : ComponentStatus.Operational;
}
