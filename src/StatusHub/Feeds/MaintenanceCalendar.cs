using System.Globalization;
using System.Text;
using StatusHub.Localization;
using StatusHub.Maintenance;
using StatusHub.Markdown;
using StatusHub.StatusPage;
using StatusHub.Text;

namespace StatusHub.Feeds;

/// <summary>
/// Scheduled maintenance as an iCalendar (RFC 5545) feed that calendar programs subscribe to. A cancelled window
/// stays in the feed as STATUS:CANCELLED, so a calendar that already holds the event removes it instead of keeping it.
/// </summary>
public static class MaintenanceCalendar
{
    /// <summary>The same "50 most recent" the v2 JSON answers; upcoming windows are the most recent.</summary>
    public const int MaxEvents = 50;

    /// <summary>RFC 5545 §3.1: lines longer than 75 octets are folded.</summary>
    private const int MaxLineOctets = 75;

    public static byte[] Write(StatusSnapshot snapshot, StatusPageOptions options)
    {
        var host = new Uri(options.BaseUrl).Host;
        var calendar = new StringBuilder();
        Line(calendar, "BEGIN:VCALENDAR");
        Line(calendar, "VERSION:2.0");
        Line(calendar, "PRODID:-//StatusHub//Maintenance calendar//EN");
        Line(calendar, "CALSCALE:GREGORIAN");
        Line(calendar, "METHOD:PUBLISH");
        var words = options.Words;
        Line(calendar, "X-WR-CALNAME:" + Text(words.Format("Calendar.Name", options.Name)));
        Line(calendar, "X-WR-CALDESC:" + Text(words.Format("Calendar.Description", options.Name)));
        foreach (var maintenance in snapshot.Maintenances.Take(MaxEvents))
        {
            var page = $"{options.BaseUrl}/maintenance/{maintenance.Id}";
            var description = string.Join("\n\n", new[]
            {
                MarkdownRenderer.ToPlainText(maintenance.Body),
                words.Format("Maintenance.Affects", snapshot.ComponentNames(maintenance.ComponentIds)),
                words.Format("Calendar.Status", words.Label(maintenance.Status)),
                page,
            }.Where(part => !string.IsNullOrWhiteSpace(part)));

            Line(calendar, "BEGIN:VEVENT");
            Line(calendar, $"UID:{maintenance.Id}@{host}");
            // The content's own times, never the clock: an unchanged calendar is unchanged bytes.
            Line(calendar, "DTSTAMP:" + Stamp(maintenance.UpdatedAt));
            Line(calendar, "CREATED:" + Stamp(maintenance.CreatedAt));
            Line(calendar, "LAST-MODIFIED:" + Stamp(maintenance.UpdatedAt));
            // Every save bumps the version, which is what a calendar needs to take an edited window over the old one.
            Line(calendar, "SEQUENCE:" + maintenance.Version.ToString(CultureInfo.InvariantCulture));
            Line(calendar, "DTSTART:" + Stamp(maintenance.StartsAt));
            Line(calendar, "DTEND:" + Stamp(maintenance.EndsAt));
            Line(calendar, "SUMMARY:" + Text(maintenance.Title));
            Line(calendar, "DESCRIPTION:" + Text(description));
            Line(calendar, "URL:" + page);
            Line(calendar, "STATUS:" + (maintenance.Status == MaintenanceStatus.Cancelled ? "CANCELLED" : "CONFIRMED"));
            // Maintenance is something to know about, not time taken from the reader's own day.
            Line(calendar, "TRANSP:TRANSPARENT");
            Line(calendar, "CATEGORIES:Maintenance");
            Line(calendar, "END:VEVENT");
        }

        Line(calendar, "END:VCALENDAR");
        return Encoding.UTF8.GetBytes(calendar.ToString());
    }

    /// <summary>
    /// A TEXT value (§3.3.11): backslash, semicolon, comma and line breaks escaped, tabs as spaces, after what the XML
    /// writers drop too (<see cref="TextPolicy.Body"/>: control characters, noncharacters, half surrogate pairs).
    /// </summary>
    public static string Text(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in TextPolicy.Body.Clean(value))
        {
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case ';': escaped.Append(@"\;"); break;
                case ',': escaped.Append(@"\,"); break;
                case '\n': escaped.Append(@"\n"); break;
                case '\t': escaped.Append(' '); break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>Appends one content line, folded at 75 octets without splitting a UTF-8 character, ended with CRLF.</summary>
    public static void Line(StringBuilder output, string line)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var length = rune.Utf8SequenceLength;
            if (octets + length > MaxLineOctets)
            {
                output.Append("\r\n ");
                // The leading space of a continuation line counts towards its 75.
                octets = 1;
            }

            output.Append(rune.ToString());
            octets += length;
        }

        output.Append("\r\n");
    }

    private static string Stamp(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
