using System.Text;
using StatusHub.Feeds;
using StatusHub.Maintenance;
using StatusHub.StatusPage;
using Calendar = Ical.Net.Calendar;

namespace StatusHub.Tests.Feeds;

/// <summary>The calendar read back with Ical.Net, as a calendar program would read it.</summary>
public class MaintenanceCalendarTests
{
    private const string Actor = "oncall@example.com";
    private static readonly StatusPageOptions Options = new() { Name = "Acme", PublicUrl = "https://status.example.com" };

    [Fact]
    public void HoldsEachWindowAsAnEventInUtc()
    {
        using var store = new TestStore();
        var api = store.Component();
        var window = store.Maintenance.Schedule(new MaintenanceDraft("Disk swap", "New **disks**, see [the plan](https://example.com/plan).", store.Now.AddDays(1), store.Now.AddDays(1).AddHours(2), [api.Id]), Actor);
        using var snapshots = store.Snapshots();

        var calendar = Read(snapshots.Current);

        var incoming = Assert.Single(calendar.Events);
        Assert.Equal($"{window.Id}@status.example.com", incoming.Uid);
        Assert.Equal("Disk swap", incoming.Summary);
        Assert.Equal(window.StartsAt, incoming.DtStart!.AsUtc);
        Assert.Equal(window.EndsAt, incoming.DtEnd!.AsUtc);
        Assert.Equal("CONFIRMED", incoming.Status);
        Assert.Equal(new Uri($"https://status.example.com/maintenance/{window.Id}"), incoming.Url);
        Assert.Contains("New disks, see the plan.", incoming.Description);
        Assert.Contains("Affects: API", incoming.Description);
    }

    [Fact]
    public void KeepsACancelledWindowSoCalendarsDropIt()
    {
        using var store = new TestStore();
        var api = store.Component();
        var window = store.Maintenance.Schedule(new MaintenanceDraft("Disk swap", "", store.Now.AddDays(1), store.Now.AddDays(1).AddHours(2), [api.Id]), Actor);
        var sequence = Read(Snapshot(store)).Events.Single().Sequence;
        store.Maintenance.Cancel(window.Id, window.Version, Actor);

        var cancelled = Read(Snapshot(store)).Events.Single();

        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.True(cancelled.Sequence > sequence, "a calendar takes a changed event only with a higher SEQUENCE");
    }

    [Fact]
    public void ReadsBackTitlesAndDescriptionsExactlyWhateverTheyHold()
    {
        using var store = new TestStore();
        var api = store.Component();
        const string title = "Core router swap; edge, too \\ and ünïcödé ✨";
        var body = "Line one, with a comma; and a semicolon.\nLine two: ".PadRight(300, 'x') + " ✨ done";
        store.Maintenance.Schedule(new MaintenanceDraft(title, body, store.Now.AddDays(1), store.Now.AddDays(1).AddHours(2), [api.Id]), Actor);

        var bytes = MaintenanceCalendar.Write(Snapshot(store), Options);
        var text = Encoding.UTF8.GetString(bytes);
        var read = Calendar.Load(text)!.Events.Single();

        Assert.Equal(title, read.Summary);
        Assert.StartsWith(body, read.Description);
        Assert.All(text.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"line over 75 octets: {line}"));
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b;c\\d", @"a\,b\;c\\d")]
    [InlineData("two\r\nlines\nhere", @"two\nlines\nhere")]
    [InlineData("bell\u0007 and\ttab", "bell and tab")]
    public void EscapesTextValues(string value, string escaped) => Assert.Equal(escaped, MaintenanceCalendar.Text(value));

    [Fact]
    public void FoldsWithoutSplittingACharacter()
    {
        var output = new StringBuilder();

        MaintenanceCalendar.Line(output, "SUMMARY:" + new string('é', 80));

        var lines = output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([74, 75, 21], lines.Select(Encoding.UTF8.GetByteCount));
        Assert.All(lines.Skip(1), line => Assert.StartsWith(" é", line));
    }

    private static StatusSnapshot Snapshot(TestStore store)
    {
        using var snapshots = store.Snapshots();
        return snapshots.Current;
    }

    private static Calendar Read(StatusSnapshot snapshot) =>
        Calendar.Load(Encoding.UTF8.GetString(MaintenanceCalendar.Write(snapshot, Options)))!;
}
