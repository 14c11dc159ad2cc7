using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Text;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// Publish or Edit on a draft incident's staff message: the /incident form filled in from the draft (Edit asks the title
/// and first update again), the same preview, and Publish opens the incident through <see cref="IncidentSuggestions.Publish(string, NewIncident, string, Channels.PublishChoice?)"/>,
/// so a draft is published once however many people tap.
/// </summary>
public sealed class DraftForm(IncidentForm incident, IncidentSuggestions suggestions) : IStaffForm
{
    public const string EditPrefix = "edit:";

    public string Kind => "draft";

    public string? Missing(StaffDialog dialog) => dialog.Field("draft") is null ? "draft" : incident.Missing(dialog);

    public StaffQuestion Ask(StaffDialog dialog, string field) =>
        field == "draft" ? new StaffQuestion("Nothing was published.", []) : incident.Ask(dialog, field);

    /// <summary>"incident" is the draft's id (the button's payload), optionally after <see cref="EditPrefix"/>.</summary>
    public StaffDialog Answer(StaffDialog dialog, string field, string answer) =>
        field == "incident" ? FromDraft(dialog, answer) : incident.Answer(dialog, field, answer);

    public IReadOnlyList<StaffChoice> Editable(StaffDialog dialog) => incident.Editable(dialog);

    public StaffPreview Preview(StaffDialog dialog, string actor)
    {
        var preview = incident.Preview(dialog, actor);
        return preview with { Headline = $"📝 Draft suggested by {HtmlText.Escape(dialog.Field("source") ?? "monitoring")}\n{preview.Headline}" };
    }

    public string Publish(StaffDialog dialog, string actor)
    {
        var opened = suggestions.Publish(dialog.Field("draft")!, IncidentForm.ToIncident(dialog), actor, StaffChannelChoice.Chosen(dialog));
        return $"published the draft as incident <b>{HtmlText.Escape(opened.Title)}</b> (id <code>{HtmlText.Escape(opened.Id)}</code>)";
    }

    private StaffDialog FromDraft(StaffDialog dialog, string answer)
    {
        var edit = answer.StartsWith(EditPrefix, StringComparison.Ordinal);
        var draft = IncidentSuggestions.StillDraft(suggestions.Get(edit ? answer[EditPrefix.Length..] : answer));

        var filled = (dialog with { Statuses = draft.ComponentIds.ToDictionary(id => id, _ => IncidentSuggestions.StatusFor(draft.Impact)) })
            .With("draft", draft.Id)
            .With("source", draft.Source)
            .With("template", IncidentForm.NoTemplate)
            .With("impact", draft.Impact.ToWire())
            .With(StaffComponentStatuses.Field, StaffQuestion.Done);
        return edit ? filled : filled.With("title", draft.Title).With("body", draft.FirstUpdate);
    }
}
