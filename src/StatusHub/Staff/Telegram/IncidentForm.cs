using System.Text;
using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.Incidents.Templates;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// /incident: a template opens the whole incident in one tap (then Publish); without one the bot asks the impact,
/// the components (a keyboard that cycles each one's status), the title and the first update.
/// </summary>
public sealed class IncidentForm(IncidentService incidents, IncidentTemplateService templates, ComponentService components) : IStaffForm
{
    public const string NoTemplate = "none";
    public const string Derived = "derived";
    public const string Done = "done";

    /// <summary>The order a component's status cycles through on its button; after the last it is no longer affected.</summary>
    private static readonly ComponentStatus[] Cycle = [ComponentStatus.DegradedPerformance, ComponentStatus.PartialOutage, ComponentStatus.MajorOutage];

    public string Kind => "incident";

    public string? Missing(StaffDialog dialog) =>
        new[] { "template", "impact", "components", "title", "body" }.FirstOrDefault(field => dialog.Field(field) is null);

    public StaffQuestion Ask(StaffDialog dialog, string field) => field switch
    {
        "template" => new StaffQuestion(
            "<b>New incident.</b> Open it from a template (one tap, then a preview), or without one.",
            [.. templates.All().Select(t => new StaffChoice(t.Name, t.Id))],
            Always: [new StaffChoice("No template", NoTemplate)]),
        "impact" => new StaffQuestion(
            "<b>Impact?</b> Or let the component statuses decide it.",
            [new StaffChoice("From the components", Derived), .. Enum.GetValues<IncidentImpact>().Select(i => new StaffChoice(i.ToString(), i.ToWire()))]),
        "components" => new StaffQuestion(
            "<b>Affected components.</b> Each tap moves a component to the next status (degraded, partial outage, major outage, not affected). Then Done.",
            [.. components.All().Select(c => new StaffChoice(ComponentLabel(c, dialog), c.Id))],
            Toggles: true,
            Always: [new StaffChoice("✔ Done", Done)]),
        "title" => StaffQuestion.Text($"<b>Title?</b> Reply to this message (at most {Incident.MaxTitleLength} characters)."),
        _ => StaffQuestion.Text("<b>First update?</b> What customers read: reply to this message (Markdown works as on the web)."),
    };

    public StaffDialog Answer(StaffDialog dialog, string field, string answer) => field switch
    {
        "template" when answer == NoTemplate => dialog.With("template", NoTemplate),
        "template" => FromTemplate(dialog, templates.Find(answer) ?? throw new ValidationException("That template no longer exists: pick another.")),
        "impact" when answer == Derived || IncidentNames.TryParseImpact(answer, out _) => dialog.With("impact", answer),
        "components" when answer == Done => dialog.With("components", Done),
        "components" => Toggle(dialog, components.Get(answer).Id),
        "title" => dialog.With("title", Validate.RequiredText(answer, "Title", Incident.MaxTitleLength)),
        "body" => dialog.With("body", Validate.RequiredBody(answer, "Update text", IncidentUpdate.MaxBodyLength)),
        _ => throw new ValidationException("That is not an answer to this question."),
    };

    public IReadOnlyList<StaffChoice> Editable(StaffDialog dialog) =>
        [new("Title", "title"), new("First update", "body"), new("Impact", "impact"), new("Components", "components")];

    public StaffPreview Preview(StaffDialog dialog, string actor)
    {
        var draft = Draft(dialog);
        var names = components.All().ToDictionary(c => c.Id, c => c.Name);
        var headline = new StringBuilder("<b>New incident</b>");
        if (dialog.Field("templateName") is { } template)
        {
            headline.Append(" from template “").Append(HtmlText.Escape(template)).Append('”');
        }

        headline.Append(": <b>").Append(HtmlText.Escape(dialog.Field("title") ?? "")).Append("</b>\n")
            .Append("Impact: ").Append(Impact(dialog)?.ToWire() ?? "from the components").Append(" · status: ").Append(draft.Status.ToWire())
            .Append("\nComponents: ").Append(dialog.Statuses.Count == 0 ? "none" : HtmlText.Escape(string.Join(", ", dialog.Statuses.Select(s => $"{names.GetValueOrDefault(s.Key, s.Key)} {s.Value.ToLabel().ToLowerInvariant()}"))));
        if (dialog.Field("unknown") is { Length: > 0 } unknown)
        {
            headline.Append("\n⚠ The template names components this page does not have: ").Append(HtmlText.Escape(unknown));
        }

        return new StaffPreview(headline.ToString(), incidents.Preview(null, dialog.Field("title") ?? "", draft, actor), Publish(dialog), dialog);
    }

    public string Publish(StaffDialog dialog, string actor)
    {
        var opened = incidents.Open(ToIncident(dialog), actor, Publish(dialog));
        return $"opened incident <b>{HtmlText.Escape(opened.Title)}</b> (id <code>{HtmlText.Escape(opened.Id)}</code>)";
    }

    /// <summary>The incident the answers describe.</summary>
    internal static NewIncident ToIncident(StaffDialog dialog) => new(dialog.Field("title") ?? "", Impact(dialog), Draft(dialog));

    private StaffDialog FromTemplate(StaffDialog dialog, IncidentTemplate template)
    {
        var start = templates.Start(template, components.All());
        var filled = dialog with { Statuses = new(start.Incident.FirstUpdate.ComponentStatuses ?? new Dictionary<string, ComponentStatus>()) };
        filled = filled.With("template", template.Id).With("templateName", template.Name)
            .With("impact", start.Incident.Impact?.ToWire() ?? Derived)
            .With("components", Done)
            .With("status", start.Incident.FirstUpdate.Status.ToWire())
            .With("title", start.Incident.Title)
            .With("body", start.Incident.FirstUpdate.Body)
            .With("unknown", string.Join(", ", start.UnknownComponents));
        return start.Publish.Channels is { } channels ? filled.With("channels", string.Join(',', channels)) : filled;
    }

    private static StaffDialog Toggle(StaffDialog dialog, string componentId)
    {
        var statuses = new Dictionary<string, ComponentStatus>(dialog.Statuses);
        var next = statuses.TryGetValue(componentId, out var current) ? Array.IndexOf(Cycle, current) + 1 : 0;
        if (next < Cycle.Length)
        {
            statuses[componentId] = Cycle[next];
        }
        else
        {
            statuses.Remove(componentId);
        }

        return dialog with { Statuses = statuses };
    }

    private static string ComponentLabel(StatusComponent component, StaffDialog dialog) =>
        dialog.Statuses.TryGetValue(component.Id, out var status) ? $"🔴 {component.Name}: {status.ToLabel()}" : $"▫️ {component.Name}";

    private static UpdateDraft Draft(StaffDialog dialog) => new(
        IncidentNames.TryParseStatus(dialog.Field("status"), out var status) ? status : IncidentStatus.Investigating,
        dialog.Field("body") ?? "",
        null,
        new Dictionary<string, ComponentStatus>(dialog.Statuses));

    private static IncidentImpact? Impact(StaffDialog dialog) => IncidentNames.TryParseImpact(dialog.Field("impact"), out var impact) ? impact : null;

    internal static PublishChoice Publish(StaffDialog dialog) =>
        dialog.Field("channels") is { } channels ? new PublishChoice(channels.Split(',', StringSplitOptions.RemoveEmptyEntries)) : PublishChoice.AllChannels;
}
