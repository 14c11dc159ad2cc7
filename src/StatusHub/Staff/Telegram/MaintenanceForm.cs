using System.Globalization;
using StatusHub.Channels;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// /maintenance: schedules a window (title, start, end, components, description), as the Maintenance page does. Times
/// that name no zone are in the page's (StatusPage:TimeZone), as its readers see its days.
/// </summary>
public sealed class MaintenanceForm(MaintenanceService maintenance, ComponentService components, StatusPage.PageCalendar calendar) : IStaffForm
{
    private string PageZone => calendar.Zone == TimeZoneInfo.Utc ? "UTC" : calendar.ZoneName;

    public string Kind => "maintenance";

    public string? Missing(StaffDialog dialog) =>
        new[] { "title", "starts", "ends", "components", "body" }.FirstOrDefault(field => dialog.Field(field) is null);

    public StaffQuestion Ask(StaffDialog dialog, string field) => field switch
    {
        "title" => StaffQuestion.Text($"<b>Scheduling maintenance.</b> Title? Reply to this message (at most {ScheduledMaintenance.MaxTitleLength} characters)."),
        "starts" => StaffQuestion.Text("<b>When does it start?</b> " + StaffTimeInput.Help(PageZone)),
        "ends" => StaffQuestion.Text($"<b>When does it end?</b> The same way (in {HtmlText.Escape(dialog.Field("zone") ?? PageZone)} unless you name a zone), or a length like <code>+2h</code>."),
        "components" => new StaffQuestion(
            "<b>Which components</b> are under maintenance? Tap to tick, then Done.",
            [.. components.All().Select(c => new StaffChoice((dialog.Chosen.Contains(c.Id) ? "✅ " : "▫️ ") + c.Name, c.Id))],
            Toggles: true,
            Always: [new StaffChoice("✔ Done", StaffQuestion.Done)]),
        _ => StaffQuestion.Text("<b>Description?</b> What customers read (Markdown works as on the web). Reply <code>-</code> for none."),
    };

    public StaffDialog Answer(StaffDialog dialog, string field, string answer)
    {
        switch (field)
        {
            case "title":
                return dialog.With("title", Validate.RequiredText(answer, "Title", ScheduledMaintenance.MaxTitleLength));
            case "starts":
                var (starts, zone) = StaffTimeInput.Parse(answer, dialog.Field("zone") ?? PageZone);
                return dialog.With("starts", Iso(starts)).With("zone", zone);
            case "ends":
                var (ends, _) = StaffTimeInput.Parse(answer, dialog.Field("zone") ?? PageZone, Moment(dialog, "starts"));
                maintenance.CheckWindow(Moment(dialog, "starts"), ends);
                return dialog.With("ends", Iso(ends));
            case "components" when answer == StaffQuestion.Done:
                return dialog.With("components", StaffQuestion.Done);
            case "components":
                var id = components.Get(answer).Id;
                return dialog with { Chosen = dialog.Chosen.Contains(id) ? [.. dialog.Chosen.Where(c => c != id)] : [.. dialog.Chosen, id] };
            case "body":
                return dialog.With("body", answer.Trim() == "-" ? "" : Validate.OptionalBody(answer, "Description", ScheduledMaintenance.MaxBodyLength) ?? "");
            default:
                throw new ValidationException("That is not an answer to this question.");
        }
    }

    public IReadOnlyList<StaffChoice> Editable(StaffDialog dialog) =>
        [new("Title", "title"), new("Start", "starts"), new("End", "ends"), new("Components", "components"), new("Description", "body")];

    public StaffPreview Preview(StaffDialog dialog, string actor)
    {
        var draft = Draft(dialog);
        var zone = dialog.Field("zone") ?? PageZone;
        var names = components.All().ToDictionary(c => c.Id, c => c.Name);
        var headline = $"<b>Maintenance</b>: <b>{HtmlText.Escape(draft.Title)}</b>\n" +
            $"From {HtmlText.Escape(StaffTimeInput.Show(draft.StartsAt, zone))}\nuntil {HtmlText.Escape(StaffTimeInput.Show(draft.EndsAt, zone))}\n" +
            $"Components: {(draft.ComponentIds.Count == 0 ? "none" : HtmlText.Escape(string.Join(", ", draft.ComponentIds.Select(id => names.GetValueOrDefault(id, id)))))}";
        return new StaffPreview(headline, maintenance.Preview(draft), StaffChannelChoice.Chosen(dialog), dialog);
    }

    public string Publish(StaffDialog dialog, string actor)
    {
        var scheduled = maintenance.Schedule(Draft(dialog), actor, StaffChannelChoice.Chosen(dialog));
        return $"scheduled maintenance <b>{HtmlText.Escape(scheduled.Title)}</b> ({UtcTextOf(scheduled.StartsAt)} – {UtcTextOf(scheduled.EndsAt)})";
    }

    private static MaintenanceDraft Draft(StaffDialog dialog) =>
        new(dialog.Field("title") ?? "", dialog.Field("body") is { Length: > 0 } body ? body : null, Moment(dialog, "starts"), Moment(dialog, "ends"), dialog.Chosen);

    private static DateTime Moment(StaffDialog dialog, string field) =>
        Validate.Utc(DateTime.ParseExact(dialog.Field(field) ?? throw new ValidationException("The start is missing: Edit it."), "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

    private static string Iso(DateTime utc) => utc.ToString("O", CultureInfo.InvariantCulture);

    private static string UtcTextOf(DateTime utc) => Time.UtcText.Format(utc);
}
