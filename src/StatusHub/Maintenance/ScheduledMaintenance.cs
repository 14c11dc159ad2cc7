using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Maintenance;

public enum MaintenanceStatus
{
    Scheduled,
    InProgress,
    Verifying,
    Completed,
    Cancelled,
}

/// <summary>Planned work inside a window; components go under maintenance while it runs.</summary>
public sealed record ScheduledMaintenance : IVersioned
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 20_000;

    /// <summary>Statuspage's <c>scheduled_remind_prior</c> reminds an hour before; so does StatusHub unless staff choose otherwise.</summary>
    public const int DefaultRemindMinutes = 60;

    public const int MaxRemindMinutes = 7 * 24 * 60;

    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Body { get; init; } = "";
    public DateTime StartsAt { get; init; }
    public DateTime EndsAt { get; init; }
    public List<string> ComponentIds { get; init; } = [];
    public MaintenanceStatus Status { get; init; }

    /// <summary>
    /// How long before the start subscribers are reminded; 0 when staff turned the reminder off. Windows saved before
    /// reminders existed read the default.
    /// </summary>
    public int RemindMinutesBefore { get; init; } = DefaultRemindMinutes;

    /// <summary>When subscribers were last told of the current start (the reminder, or the notice that the window moved); null until then.</summary>
    public DateTime? RemindedAt { get; init; }

    /// <summary>Each component's status just before the window opened, restored when it closes.</summary>
    public Dictionary<string, ComponentStatus> StatusesBefore { get; init; } = [];

    public List<MaintenanceUpdate> Updates { get; init; } = [];
    public string CreatedBy { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    /// <summary>
    /// When subscribers are to be reminded: the lead time before the start, unless the reminder is off, was sent, or would
    /// come before the window was even scheduled (its announcement said it all).
    /// </summary>
    public DateTime? ReminderDueAt() =>
        RemindMinutesBefore > 0 && RemindedAt is null && StartsAt.AddMinutes(-RemindMinutesBefore) is var due && due > CreatedAt ? due : null;

    public bool IsOver => Status is MaintenanceStatus.Completed or MaintenanceStatus.Cancelled;

    /// <summary>The window is open: the page shows it as active and says maintenance when nothing is worse.</summary>
    public bool IsUnderway => Status is MaintenanceStatus.InProgress or MaintenanceStatus.Verifying;

    /// <summary>The work began: a window cancelled before its start never did, whatever the clock says now.</summary>
    public bool HasOpened => Updates.Any(u => u.Status == MaintenanceStatus.InProgress);

    /// <summary>
    /// The window called off at <paramref name="now"/>: cancelled before it opened; once under way the work happened, so it is
    /// completed now (as Statuspage completes a window early), its end moved to this moment, not "cancelled" with the planned end.
    /// </summary>
    public ScheduledMaintenance CalledOff(string actor, DateTime now) => IsUnderway
        ? this with
        {
            Status = MaintenanceStatus.Completed,
            EndsAt = now,
            Updates = [.. Updates, new MaintenanceUpdate(Ids.New(), MaintenanceStatus.Completed, MaintenanceUpdate.CompletedText, actor, now)],
            UpdatedAt = now,
        }
        : this with
        {
            Status = MaintenanceStatus.Cancelled,
            Updates = [.. Updates, new MaintenanceUpdate(Ids.New(), MaintenanceStatus.Cancelled, MaintenanceUpdate.CancelledText, actor, now)],
            UpdatedAt = now,
        };

    /// <summary>When the work stopped: the window's end once completed, the moment it was called off once cancelled; null while it runs.</summary>
    public DateTime? EndedAt => Status switch
    {
        MaintenanceStatus.Completed => EndsAt,
        MaintenanceStatus.Cancelled => Updates.LastOrDefault(u => u.Status == MaintenanceStatus.Cancelled)?.PostedAt ?? UpdatedAt,
        _ => null,
    };
}

public sealed record MaintenanceUpdate(string Id, MaintenanceStatus Status, string Body, string Author, DateTime PostedAt)
{
    // What StatusHub writes itself when a window opens, closes or is called off. Stored as Statuspage's English, which the
    // JSON keeps; public pages and feeds say it in their language (PublicLabels.Body), as staff-written text is not.
    public const string OpenedText = "Scheduled maintenance is now in progress.";
    public const string CompletedText = "Scheduled maintenance has been completed.";
    public const string CancelledText = "This maintenance has been cancelled.";
}

public static class MaintenanceNames
{
    public static string ToWire(this MaintenanceStatus status) => status switch
    {
        MaintenanceStatus.Scheduled => "scheduled",
        MaintenanceStatus.InProgress => "in_progress",
        MaintenanceStatus.Verifying => "verifying",
        MaintenanceStatus.Completed => "completed",
        MaintenanceStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToLabel(this MaintenanceStatus status) => status switch
    {
        MaintenanceStatus.InProgress => "In progress",
        _ => status.ToString(),
    };
}
