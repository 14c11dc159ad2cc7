using System.Globalization;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// /update and /resolve: pick an unresolved incident (or name its id), then the status, the component statuses and the
/// text (/update) or the closing text (/resolve). Publish posts against the incident's version the preview was made from.
/// </summary>
public sealed class IncidentUpdateForm(IncidentService incidents, StaffComponentStatuses statuses, bool resolves) : IStaffForm
{
    /// <summary>What a closing update says when staff reply "-" (the web UI's default too).</summary>
    public const string DefaultResolution = "This incident has been resolved.";

    public string Kind => resolves ? "resolve" : "update";

    public string? Missing(StaffDialog dialog) =>
        (resolves ? new[] { "incident", "body" } : ["incident", "status", StaffComponentStatuses.Field, "body"]).FirstOrDefault(field => dialog.Field(field) is null);

    public StaffQuestion Ask(StaffDialog dialog, string field) => field switch
    {
        "incident" => new StaffQuestion(
            incidents.Unresolved().Count == 0 ? "There is no unresolved incident. /incident opens one." : $"<b>Which incident</b> do you want to {Kind}?",
            [.. incidents.Unresolved().Select(i => new StaffChoice(Ellipsis.Shorten($"{i.Title} ({i.Status.ToWire()})", 60), i.Id))]),
        "status" => new StaffQuestion(
            $"<b>Status</b> of “{HtmlText.Escape(Incident(dialog).Title)}” now? (It is {Incident(dialog).Status.ToWire()}; /resolve resolves.)",
            [.. Enum.GetValues<IncidentStatus>().Where(s => s != IncidentStatus.Resolved).Select(s => new StaffChoice(s.ToLabel(), s.ToWire()))]),
        StaffComponentStatuses.Field => statuses.Ask(
            dialog, "<b>Component statuses</b> this update sets? Done leaves them as they are.", offersOperational: true, Incident(dialog).ComponentIds),
        _ when resolves => StaffQuestion.Text(
            $"<b>Closing update</b> for “{HtmlText.Escape(Incident(dialog).Title)}”? Reply to this message, or reply <code>-</code> for “{DefaultResolution}”. Affected components still down go back to operational."),
        _ => StaffQuestion.Text($"<b>Update text</b> for “{HtmlText.Escape(Incident(dialog).Title)}”? Reply to this message."),
    };

    public StaffDialog Answer(StaffDialog dialog, string field, string answer) => field switch
    {
        "incident" => dialog.With("incident", Unresolved(answer.Trim()).Id),
        "status" when IncidentNames.TryParseStatus(answer, out var status) && status != IncidentStatus.Resolved => dialog.With("status", status.ToWire()),
        "status" => throw new ValidationException("Pick investigating, identified or monitoring (/resolve resolves)."),
        StaffComponentStatuses.Field when !resolves => statuses.Answer(dialog, answer, offersOperational: true),
        "body" when resolves && answer.Trim() == "-" => dialog.With("body", DefaultResolution),
        "body" => dialog.With("body", Validate.RequiredBody(answer, "Update text", IncidentUpdate.MaxBodyLength)),
        _ => throw new ValidationException("That is not an answer to this question."),
    };

    public IReadOnlyList<StaffChoice> Editable(StaffDialog dialog) =>
        resolves ? [new("Closing text", "body")] : [new("Status", "status"), new("Components", StaffComponentStatuses.Field), new("Text", "body")];

    public StaffPreview Preview(StaffDialog dialog, string actor)
    {
        var incident = StillOpen(dialog);
        var draft = Draft(dialog);
        var headline = $"<b>{(resolves ? "Resolve" : "Update")}</b> “{HtmlText.Escape(incident.Title)}” (<code>{HtmlText.Escape(incident.Id)}</code>): " +
            $"{incident.Status.ToWire()} → <b>{draft.Status.ToWire()}</b>" + (resolves ? "" : $"\nComponents: {statuses.Describe(dialog)}");
        return new StaffPreview(headline, incidents.Preview(incident.Id, incident.Title, draft, actor), StaffChannelChoice.Chosen(dialog), dialog with { ExpectedVersion = incident.Version });
    }

    public string Publish(StaffDialog dialog, string actor)
    {
        var id = StillOpen(dialog).Id;
        var expected = dialog.ExpectedVersion ?? throw new ValidationException("This preview is out of date: start again.") { RefusedByState = true };
        var saved = resolves
            ? incidents.Resolve(id, expected, dialog.Field("body") ?? "", actor, publish: StaffChannelChoice.Chosen(dialog))
            : incidents.PostUpdate(id, expected, Draft(dialog), actor, StaffChannelChoice.Chosen(dialog));
        return $"{(resolves ? "resolved" : "updated")} incident <b>{HtmlText.Escape(saved.Title)}</b> (now {saved.Status.ToWire()}, version {saved.Version.ToString(CultureInfo.InvariantCulture)})";
    }

    /// <summary>The incident named by an id typed or picked, when it is still open.</summary>
    public Incident Unresolved(string id)
    {
        var incident = Ids.IsWellFormed(id) ? incidents.Find(id) : null;
        return incident switch
        {
            null => throw new ValidationException($"There is no incident with id “{Ellipsis.Shorten(id, 40)}”. /incidents lists the open ones."),
            { IsResolved: true } => throw new ValidationException($"“{incident.Title}” is already resolved."),
            _ => incident,
        };
    }

    private Incident Incident(StaffDialog dialog) => incidents.Get(dialog.Field("incident")!);

    /// <summary>The dialog's incident, unless someone resolved it since it was picked: posting then would reopen it unasked.</summary>
    private Incident StillOpen(StaffDialog dialog)
    {
        var incident = Incident(dialog);
        if (!incident.IsResolved)
        {
            return incident;
        }

        var by = incident.Updates.LastOrDefault(u => u.Status == IncidentStatus.Resolved)?.Author ?? "someone";
        throw new ValidationException(
            $"{by} resolved “{incident.Title}” meanwhile." + (resolves ? "" : " To reopen it, post an update on its page in StatusHub."))
        {
            RefusedByState = true,
        };
    }

    private UpdateDraft Draft(StaffDialog dialog) => new(
        resolves ? IncidentStatus.Resolved : IncidentNames.TryParseStatus(dialog.Field("status"), out var status) ? status : IncidentStatus.Identified,
        dialog.Field("body") ?? "",
        null,
        new Dictionary<string, ComponentStatus>(dialog.Statuses));
}
