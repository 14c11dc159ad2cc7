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
public sealed class IncidentForm(IncidentService incidents, IncidentTemplateService templates, ComponentService components, StaffComponentStatuses statuses) : IStaffForm
{
    public const string NoTemplate = "none";
    public const string Derived = "derived";

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
        "components" => statuses.Ask(dialog, "<b>Affected components.</b>", offersOperational: false),
        "title" => StaffQuestion.Text($"<b>Title?</b> Reply to this message (at most {Incident.MaxTitleLength} characters)."),
        _ => StaffQuestion.Text("<b>First update?</b> What customers read: reply to this message (Markdown works as on the web)."),
    };

    public StaffDialog Answer(StaffDialog dialog, string field, string answer) => field switch
    {
        "template" when answer == NoTemplate => dialog.With("template", NoTemplate),
        "template" => FromTemplate(dialog, templates.Find(answer) ?? throw new ValidationException("That template no longer exists: pick another.")),
        "impact" when answer == Derived || IncidentNames.TryParseImpact(answer, out _) => dialog.With("impact", answer),
        "components" => statuses.Answer(dialog, answer, offersOperational: false),
        "title" => dialog.With("title", Validate.RequiredText(answer, "Title", Incident.MaxTitleLength)),
        "body" => dialog.With("body", Validate.RequiredBody(answer, "Update text", IncidentUpdate.MaxBodyLength)),
        _ => throw new ValidationException("That is not an answer to this question."),
    };

    public IReadOnlyList<StaffChoice> Editable(StaffDialog dialog) =>
        [new("Title", "title"), new("First update", "body"), new("Impact", "impact"), new("Components", "components")];

    public StaffPreview Preview(StaffDialog dialog, string actor)
    {
        var draft = Draft(dialog);
        var headline = new StringBuilder("<b>New incident</b>");
        if (dialog.Field("templateName") is { } template)
        {
            headline.Append(" from template “").Append(HtmlText.Escape(template)).Append('”');
        }

        headline.Append(": <b>").Append(HtmlText.Escape(dialog.Field("title") ?? "")).Append("</b>\n")
            .Append("Impact: ").Append(Impact(dialog)?.ToWire() ?? "from the components").Append(" · status: ").Append(draft.Status.ToWire())
            .Append("\nComponents: ").Append(statuses.Describe(dialog));
        if (dialog.Field("unknown") is { Length: > 0 } unknown)
        {
            headline.Append("\n⚠ The template names components this page does not have: ").Append(HtmlText.Escape(unknown));
        }

        return new StaffPreview(headline.ToString(), incidents.Preview(null, dialog.Field("title") ?? "", draft, actor), StaffChannelChoice.Chosen(dialog), dialog);
    }

    public string Publish(StaffDialog dialog, string actor)
    {
        var opened = incidents.Open(ToIncident(dialog), actor, StaffChannelChoice.Chosen(dialog));
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
            .With(StaffComponentStatuses.Field, StaffQuestion.Done)
            .With("status", start.Incident.FirstUpdate.Status.ToWire())
            .With("title", start.Incident.Title)
            .With("body", start.Incident.FirstUpdate.Body)
            .With("unknown", string.Join(", ", start.UnknownComponents));
        return start.Publish.Channels is { } channels ? filled.With(StaffChannelChoice.Field, string.Join(',', channels)) : filled;
    }

    private static UpdateDraft Draft(StaffDialog dialog) => new(
        IncidentNames.TryParseStatus(dialog.Field("status"), out var status) ? status : IncidentStatus.Investigating,
        dialog.Field("body") ?? "",
        null,
        new Dictionary<string, ComponentStatus>(dialog.Statuses));

    private static IncidentImpact? Impact(StaffDialog dialog) => IncidentNames.TryParseImpact(dialog.Field("impact"), out var impact) ? impact : null;
}
