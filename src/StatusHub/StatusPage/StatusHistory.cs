using StatusHub.Incidents;
using StatusHub.Localization;
using StatusHub.Maintenance;

namespace StatusHub.StatusPage;

/// <summary>An incident or a maintenance as the history lists it. <see cref="Colour"/> is an impact wire name or "maintenance".</summary>
public sealed record HistoryEntry(string Title, string Href, string Colour, string Label, DateTime Start, DateTime? End);

/// <summary>One month of the page's calendar (<see cref="PageCalendar"/>) in the history, entries newest first.</summary>
public sealed record HistoryMonth(int Year, int Month, IReadOnlyList<HistoryEntry> Entries);

/// <summary>A page of history: <see cref="StatusHistory.MonthsPerPage"/> months, newest first; page 1 holds the current month.</summary>
public sealed record HistoryPageContent(int Number, int LastPage, IReadOnlyList<HistoryMonth> Months)
{
    public bool IsPastTheEnd => Number > LastPage;
    public bool HasNewer => Number > 1 && !IsPastTheEnd;
    public bool HasOlder => Number < LastPage;
}

/// <summary>Pages through every incident and started maintenance by month, three months a page, as Statuspage's history does.</summary>
public static class StatusHistory
{
    public const int MonthsPerPage = 3;

    public static int LastPage(StatusSnapshot snapshot) => LastPage(Entries(snapshot, PublicText.English), snapshot);

    /// <param name="text">The page's language, for the entries' labels.</param>
    public static HistoryPageContent Page(StatusSnapshot snapshot, int number, PublicText? text = null)
    {
        var lastPage = snapshot.HistoryPages;
        if (number > lastPage)
        {
            return new HistoryPageContent(number, lastPage, []);
        }

        var entries = Entries(snapshot, text ?? PublicText.English);
        var newest = MonthIndex(snapshot.BuiltAt, snapshot.Calendar) - ((number - 1) * MonthsPerPage);
        var months = Enumerable.Range(0, MonthsPerPage)
            .Select(i => newest - i)
            .Select(index => new HistoryMonth(index / 12, (index % 12) + 1, entries.Where(e => MonthIndex(e.Start, snapshot.Calendar) == index).ToList()))
            .ToList();
        return new HistoryPageContent(number, lastPage, months);
    }

    /// <summary>
    /// Entries newest first. Maintenance shows once its window has opened; until then it is on the front page. A window
    /// cancelled before it opened never happened, so it is left out (Statuspage deletes it); one cancelled while under way
    /// ends when it was cancelled, not at the end it was planned to have.
    /// </summary>
    private static List<HistoryEntry> Entries(StatusSnapshot snapshot, PublicText text) =>
        snapshot.Incidents
            .Select(i => new HistoryEntry(i.Title, $"/incidents/{i.Id}", i.Impact.ToWire(), text.Label(i.Impact), i.StartedAt, i.ResolvedAt))
            .Concat(snapshot.Maintenances
                .Where(m => m.StartsAt <= snapshot.BuiltAt && (m.Status != MaintenanceStatus.Cancelled || m.HasOpened))
                .Select(m => new HistoryEntry(m.Title, $"/maintenance/{m.Id}", "maintenance", text["Maintenance.Label"], m.StartsAt, m.EndedAt)))
            .OrderByDescending(e => e.Start)
            .ToList();

    private static int LastPage(List<HistoryEntry> entries, StatusSnapshot snapshot)
    {
        var oldest = entries.Count == 0 ? snapshot.BuiltAt : entries[^1].Start;
        var monthsBack = Math.Max(0, MonthIndex(snapshot.BuiltAt, snapshot.Calendar) - MonthIndex(oldest, snapshot.Calendar));
        return (monthsBack / MonthsPerPage) + 1;
    }

    private static int MonthIndex(DateTime at, PageCalendar calendar)
    {
        var (year, month) = calendar.MonthOf(at);
        return (year * 12) + month - 1;
    }
}
