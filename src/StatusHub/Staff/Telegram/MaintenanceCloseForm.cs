using System.Globalization;
using StatusHub.Maintenance;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// /endmaintenance and /cancelmaintenance: pick a window (or name its id), then the preview of what subscribers are told.
/// Publish ends the running window now (completed, as the web's End now), or cancels one still to come, through <see cref="MaintenanceService"/>
/// as the web UI does, against the window's version the preview was made from.
/// </summary>
public sealed class MaintenanceCloseForm(MaintenanceService maintenance, bool cancels) : IStaffForm
{
    public string Kind => cancels ? "cancelmaintenance" : "endmaintenance";

    public string? Missing(StaffDialog dialog) => dialog.Field("maintenance") is null ? "maintenance" : null;

    public StaffQuestion Ask(StaffDialog dialog, string field) => Closable() is { Count: > 0 } windows
        ? new StaffQuestion(
            $"<b>Which maintenance</b> do you want to {(cancels ? "cancel" : "end now")}?",
            [.. windows.Select(m => new StaffChoice(Ellipsis.Shorten($"{m.Title} ({m.Status.ToLabel().ToLowerInvariant()}, {Time.UtcText.Format(m.StartsAt)})", 60), m.Id))])
        : new StaffQuestion(cancels ? "There is no maintenance still to come. /endmaintenance ends one under way." : "There is no maintenance under way. /maintenance schedules one.", []);

    public StaffDialog Answer(StaffDialog dialog, string field, string answer) => field switch
    {
        "maintenance" => dialog.With("maintenance", Closable(answer.Trim()).Id),
        _ => throw new ValidationException("That is not an answer to this question."),
    };

    public IReadOnlyList<StaffChoice> Editable(StaffDialog dialog) => [];

    public StaffPreview Preview(StaffDialog dialog, string actor)
    {
        var window = Closable(dialog.Field("maintenance")!);
        var headline = cancels
            ? $"<b>Cancel maintenance</b> “{HtmlText.Escape(window.Title)}” ({Time.UtcText.Format(window.StartsAt)} – {Time.UtcText.Format(window.EndsAt)})"
            : $"<b>End maintenance now</b>: “{HtmlText.Escape(window.Title)}” (planned until {Time.UtcText.Format(window.EndsAt)})\nIts components go back to their earlier status.";
        var channels = maintenance.PreviewCancelled(window.Id);
        return new StaffPreview(headline, channels, StaffChannelChoice.Chosen(dialog), dialog with { ExpectedVersion = window.Version });
    }

    public string Publish(StaffDialog dialog, string actor)
    {
        var id = Closable(dialog.Field("maintenance")!).Id;
        var expected = dialog.ExpectedVersion ?? throw new ValidationException("This preview is out of date: start again.") { RefusedByState = true };
        var closed = cancels
            ? maintenance.Cancel(id, expected, actor, StaffChannelChoice.Chosen(dialog))
            : maintenance.EndNow(id, expected, actor, StaffChannelChoice.Chosen(dialog));
        return $"{(cancels ? "cancelled" : "ended")} maintenance <b>{HtmlText.Escape(closed.Title)}</b> (version {closed.Version.ToString(CultureInfo.InvariantCulture)})";
    }

    /// <summary>The windows this command closes: running ones to end, scheduled ones to cancel (a window under way happened, so it ends).</summary>
    private List<ScheduledMaintenance> Closable() =>
        [.. maintenance.All().Where(m => cancels ? m.Status == MaintenanceStatus.Scheduled : m.IsUnderway).OrderBy(m => m.StartsAt)];

    /// <summary>The window named by an id typed or picked, while this command can still close it (someone may have meanwhile).</summary>
    private ScheduledMaintenance Closable(string id)
    {
        var window = maintenance.All().FirstOrDefault(m => m.Id == id)
            ?? throw new ValidationException($"There is no maintenance with id “{Ellipsis.Shorten(id, 40)}”.");
        return window switch
        {
            { IsOver: true } => throw new ValidationException($"“{window.Title}” is already {window.Status.ToLabel().ToLowerInvariant()}.") { RefusedByState = true },
            { Status: MaintenanceStatus.Scheduled } when !cancels => throw new ValidationException($"“{window.Title}” has not started: /cancelmaintenance cancels it.") { RefusedByState = true },
            { IsUnderway: true } when cancels => throw new ValidationException($"“{window.Title}” is under way: /endmaintenance ends it now.") { RefusedByState = true },
            _ => window,
        };
    }
}
