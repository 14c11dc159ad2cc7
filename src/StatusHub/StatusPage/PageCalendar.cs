namespace StatusHub.StatusPage;

/// <summary>
/// The page's days and months, in its time zone (<see cref="StatusPageOptions.TimeZone"/>), as Statuspage's page time zone
/// decides them: which day a past incident is listed under, where an uptime cell starts and ends, which month of the
/// history holds an entry. Moments themselves stay UTC everywhere; only their calendar is the page's.
/// </summary>
public sealed class PageCalendar
{
    public static readonly PageCalendar Utc = new(TimeZoneInfo.Utc);

    public PageCalendar(TimeZoneInfo zone) => Zone = zone;

    public TimeZoneInfo Zone { get; }

    /// <summary>The IANA name, as Statuspage's API gives it ("Etc/UTC", "Europe/Berlin").</summary>
    public string ZoneName => Zone == TimeZoneInfo.Utc ? "Etc/UTC" : Zone.Id;

    /// <summary>The page's calendar day of a UTC moment.</summary>
    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(Local(utc));

    /// <summary>The page's calendar month of a UTC moment.</summary>
    public (int Year, int Month) MonthOf(DateTime utc)
    {
        var local = Local(utc);
        return (local.Year, local.Month);
    }

    /// <summary>
    /// The UTC moment the page's <paramref name="day"/> begins. A zone whose clocks jump over midnight begins that day at
    /// the first moment that exists; one whose clocks fall back over it begins the day at the first of the two midnights.
    /// </summary>
    public DateTime StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }

    /// <summary>
    /// A zone by its IANA or Windows name, or null. Names are what the system's time zone data knows: a container image
    /// without tzdata knows only UTC.
    /// </summary>
    public static TimeZoneInfo? FindZone(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64)
        {
            return null;
        }

        if (name.Trim() is "UTC" or "Etc/UTC" or "Z")
        {
            return TimeZoneInfo.Utc;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(name.Trim(), out var zone))
        {
            return null;
        }

        // A Windows name ("W. Europe Standard Time") is kept by its IANA one, which the API and messages show.
        return TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) && TimeZoneInfo.TryFindSystemTimeZoneById(iana, out var named) ? named : zone;
    }

    private DateTime Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
}
