using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Time;

namespace StatusHub.Maintenance;

/// <summary>The rules a window keeps (its title, times, reminder and components), checked before any write.</summary>
public sealed partial class MaintenanceService
{
    private static (string Title, string Body, DateTime Starts, DateTime Ends) Check(MaintenanceDraft draft, DateTime now, bool requireFuture)
    {
        var title = Validate.RequiredText(draft.Title, "Title", ScheduledMaintenance.MaxTitleLength);
        var body = Validate.OptionalBody(draft.Body, "Description", ScheduledMaintenance.MaxBodyLength) ?? "";
        var (starts, ends) = CheckWindow(draft.StartsAt, draft.EndsAt, now, requireFuture);
        return (title, body, starts, ends);
    }

    /// <summary>The rules a window's times keep, for a form that asks them one by one (the staff bot) to check as soon as both are known.</summary>
    public (DateTime Starts, DateTime Ends) CheckWindow(DateTime starts, DateTime ends) => CheckWindow(starts, ends, Now(), requireFuture: true);

    private static (DateTime Starts, DateTime Ends) CheckWindow(DateTime startsAt, DateTime endsAt, DateTime now, bool requireFuture)
    {
        var starts = Validate.Utc(startsAt);
        var ends = Validate.Utc(endsAt);
        if (ends <= starts)
        {
            throw new ValidationException($"The window ends ({UtcText.Format(ends)}) before it starts ({UtcText.Format(starts)}).");
        }

        if (ends - starts > MaxWindow)
        {
            throw new ValidationException($"A maintenance window can last at most {MaxWindow.TotalDays:0} days.");
        }

        if (requireFuture && ends <= now)
        {
            throw new ValidationException($"The window has already ended ({UtcText.Format(ends)}); schedule maintenance that is still to come.");
        }

        if (requireFuture && starts > now + MaxLeadTime)
        {
            throw new ValidationException($"A window can be scheduled at most {MaxLeadTime.TotalDays:0} days ahead ({UtcText.Format(starts)} is later); check the year.");
        }

        return (starts, ends);
    }

    private static int CheckRemindMinutes(int minutes) =>
        minutes is >= 0 and <= ScheduledMaintenance.MaxRemindMinutes
            ? minutes
            : throw new ValidationException($"The reminder goes out between 1 minute and {MaintenanceNotice.Duration(ScheduledMaintenance.MaxRemindMinutes)} before the window opens (0 for none).");

    private static List<string> CheckComponentIds(WriteScope scope, IReadOnlyCollection<string> ids)
    {
        return ids.Count == 0
            ? throw new ValidationException("Choose at least one component the maintenance affects.")
            : KnownComponents.Require(scope, ids);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
