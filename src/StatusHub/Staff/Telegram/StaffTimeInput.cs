using System.Globalization;
using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// A moment typed in Telegram: <c>2026-12-05 14:00</c> in the page's zone (StatusPage:TimeZone, UTC unless set), or
/// followed by a zone (<c>Europe/Berlin</c>, <c>+01:00</c>, <c>UTC</c>); an end may also be a length after the start
/// (<c>+2h</c>, <c>+90m</c>).
/// </summary>
public static class StaffTimeInput
{
    public const string Format = "yyyy-MM-dd HH:mm";

    /// <summary>How to write a time when <paramref name="zone"/> is the one a time without a zone is in, in the bot's HTML: for the question itself.</summary>
    public static string Help(string zone) => PlainHelp(Text.HtmlText.Escape(zone), "<code>", "</code>");

    /// <summary>The same in plain text, for a refusal: its message is escaped wherever it is shown.</summary>
    private static string PlainHelp(string zone, string code = "", string end = "")
    {
        var other = zone == "UTC" ? "Europe/Berlin" : "UTC";
        return $"Write it as {code}2026-12-05 14:00{end} ({zone}) or {code}2026-12-05 14:00 {other}{end} (another zone; an offset like {code}+01:00{end} works too).";
    }

    private const int MaxLength = 80;

    /// <summary>
    /// The moment in UTC and the zone it was written in (reused for the next answer when that names none); a time that
    /// names no zone is in <paramref name="zone"/>: the one the previous answer named, or the page's.
    /// </summary>
    public static (DateTime Utc, string Zone) Parse(string text, string zone, DateTime? start = null)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > MaxLength)
        {
            throw new ValidationException("That is too long for a date and time. " + PlainHelp(zone));
        }

        if (start is { } from && trimmed.StartsWith('+') && Length(trimmed[1..]) is { } length)
        {
            return (from + length, zone);
        }

        var parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 2 or > 3 ||
            !DateTime.TryParseExact($"{parts[0]} {parts[1]}", Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new ValidationException($"“{Text.Ellipsis.Shorten(trimmed, 40)}” is not a date and time I can read. {PlainHelp(zone)}");
        }

        var zoneName = parts.Length == 3 ? parts[2] : zone;
        var found = Zone(zoneName, zone);
        if (found.IsInvalidTime(local))
        {
            throw new ValidationException($"{parts[0]} {parts[1]} does not exist in {zoneName} (the clocks skip it).");
        }

        return (DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeToUtc(local, found), DateTimeKind.Utc), zoneName);
    }

    /// <summary>The moment as the staff member wrote it, and in UTC when that differs.</summary>
    public static string Show(DateTime utc, string zoneName)
    {
        var zone = Zone(zoneName, zoneName);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var utcText = utc.ToString(Format, CultureInfo.InvariantCulture) + " UTC";
        return zone == TimeZoneInfo.Utc ? utcText : $"{local.ToString(Format, CultureInfo.InvariantCulture)} {zoneName} ({utcText})";
    }

    private static TimeZoneInfo Zone(string name, string pageZone)
    {
        if (name is "UTC" or "utc" or "Z")
        {
            return TimeZoneInfo.Utc;
        }

        if ((name.StartsWith('+') || name.StartsWith('-')) &&
            TimeSpan.TryParseExact(name[1..], @"hh\:mm", CultureInfo.InvariantCulture, out var offset) && offset <= TimeSpan.FromHours(14))
        {
            return TimeZoneInfo.CreateCustomTimeZone(name, name.StartsWith('-') ? -offset : offset, name, name);
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var found)
            ? found
            : throw new ValidationException($"“{Text.Ellipsis.Shorten(name, 40)}” is not a time zone I know. {PlainHelp(pageZone)}");
    }

    private static TimeSpan? Length(string text)
    {
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 14 * 24 * 60)
        {
            return null;
        }

        return char.ToLowerInvariant(text[^1]) switch
        {
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => null,
        };
    }
}
