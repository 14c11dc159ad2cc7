using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.StatusPage;

/// <summary>StatusPage:TimeZone: the page's days and months are its readers', not UTC's.</summary>
public class PageTimeZoneTests
{
    private const string Author = "oncall@example.com";

    [Fact]
    public void ADayStartsAtTheZonesMidnightAcrossDaylightSavingChanges()
    {
        var berlin = new PageCalendar(PageCalendar.FindZone("Europe/Berlin")!);

        // Clocks go forward on 29 March 2026 and back on 25 October: the days around have 23 and 25 hours.
        Assert.Equal(new DateTime(2026, 3, 28, 23, 0, 0, DateTimeKind.Utc), berlin.StartOf(new DateOnly(2026, 3, 29)));
        Assert.Equal(new DateTime(2026, 3, 29, 22, 0, 0, DateTimeKind.Utc), berlin.StartOf(new DateOnly(2026, 3, 30)));
        Assert.Equal(new DateTime(2026, 10, 25, 23, 0, 0, DateTimeKind.Utc), berlin.StartOf(new DateOnly(2026, 10, 26)));
        Assert.Equal(new DateOnly(2026, 3, 29), berlin.DayOf(new DateTime(2026, 3, 28, 23, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 3, 28), berlin.DayOf(new DateTime(2026, 3, 28, 22, 59, 59, DateTimeKind.Utc)));
        Assert.Equal((2027, 1), berlin.MonthOf(new DateTime(2026, 12, 31, 23, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("Europe/Berlin", berlin.ZoneName);
        Assert.Equal("Etc/UTC", PageCalendar.Utc.ZoneName);
    }

    [Fact]
    public void ADayWhoseMidnightDoesNotExistOrHappensTwiceStartsAtItsFirstMoment()
    {
        // Havana moves its clocks at midnight: on 8 March 2026 from 00:00 to 01:00, on 1 November from 01:00 back to 00:00.
        var havana = new PageCalendar(PageCalendar.FindZone("America/Havana")!);

        Assert.Equal(new DateTime(2026, 3, 8, 5, 0, 0, DateTimeKind.Utc), havana.StartOf(new DateOnly(2026, 3, 8)));
        Assert.Equal(new DateTime(2026, 11, 1, 4, 0, 0, DateTimeKind.Utc), havana.StartOf(new DateOnly(2026, 11, 1)));
        Assert.Equal(new DateOnly(2026, 10, 31), havana.DayOf(new DateTime(2026, 11, 1, 3, 59, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    public void AZoneTheMachineDoesNotKnowStopsTheStartAndSaysWhich(string zone)
    {
        using var folder = new TempFolder();
        using var app = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = folder.Path, ["StatusPage:TimeZone"] = zone });

        var refusal = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<StatusPageOptions>>().Value);

        Assert.Contains($"StatusPage:TimeZone \"{zone}\" is not a time zone this machine knows", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEveningIncidentInUtcIsListedUnderTheNextDayOnATokyoPageWithItsUptimeCell()
    {
        using var utc = new StatusHubApp();
        using var tokyo = new StatusHubApp { Settings = { ["StatusPage:TimeZone"] = "Asia/Tokyo" } };
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Yesterday 20:00–23:00 UTC is this morning 05:00–08:00 in Tokyo.
        var started = today.AddDays(-1).ToDateTime(new TimeOnly(20, 0), DateTimeKind.Utc);
        foreach (var app in new[] { utc, tokyo })
        {
            var api = app.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("API", null, null), Author);
            var incidents = app.Services.GetRequiredService<IncidentService>();
            var incident = incidents.Open(
                new NewIncident("Night-time API errors", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.", started,
                    new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage })),
                Author);
            incidents.Resolve(incident.Id, incident.Version, "Fixed.", Author, started.AddHours(3));
        }

        var onUtc = await FrontPage(utc);
        var onTokyo = await FrontPage(tokyo);

        Assert.Equal(today.AddDays(-1), DayListing(onUtc, "Night-time API errors"));
        Assert.Equal(today, DayListing(onTokyo, "Night-time API errors"));
        Assert.Equal(today.AddDays(-1), DownCell(onUtc));
        Assert.Equal(today, DownCell(onTokyo));
        using var summary = JsonDocument.Parse(await tokyo.CreateClient().GetStringAsync("/api/v2/summary.json", TestContext.Current.CancellationToken));
        Assert.Equal("Asia/Tokyo", summary.RootElement.GetProperty("page").GetProperty("time_zone").GetString());
        var components = await utc.CreateClient().GetFromJsonAsync<JsonElement>("/api/v2/summary.json", TestContext.Current.CancellationToken);
        Assert.Equal("Etc/UTC", components.GetProperty("page").GetProperty("time_zone").GetString());
    }

    [Fact]
    public async Task TheHistoryCountsMonthsInThePagesZone()
    {
        using var utc = new StatusHubApp();
        using var tokyo = new StatusHubApp { Settings = { ["StatusPage:TimeZone"] = "Asia/Tokyo" } };
        var now = DateTime.UtcNow;
        // The last evening of last month in UTC is the first morning of this month in Tokyo.
        var started = new DateTime(now.Year, now.Month, 1, 20, 0, 0, DateTimeKind.Utc).AddDays(-1);
        foreach (var app in new[] { utc, tokyo })
        {
            app.Services.GetRequiredService<IncidentService>().Open(
                new NewIncident("Month-end outage", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Looking.", started)), Author);
        }

        Assert.Equal($"month-{started.Year}-{started.Month}", await MonthListing(utc, "Month-end outage"));
        Assert.Equal($"month-{started.AddHours(9).Year}-{started.AddHours(9).Month}", await MonthListing(tokyo, "Month-end outage"));
    }

    private static async Task<string> MonthListing(StatusHubApp app, string title)
    {
        var page = new HtmlParser().ParseDocument(await app.CreateClient().GetStringAsync("/history", TestContext.Current.CancellationToken));
        return page.QuerySelectorAll(".history-month").Single(m => m.TextContent.Contains(title, StringComparison.Ordinal)).QuerySelector("h2")!.Id!;
    }

    [Fact]
    public void MessagesWriteAWindowInThePagesZoneWithUtcBeside()
    {
        using var store = new TestStore(settings: new Dictionary<string, string?> { ["StatusPage:TimeZone"] = "Europe/Berlin" });
        var starts = new DateTime(2026, 12, 5, 22, 0, 0, DateTimeKind.Utc);
        var maintenance = store.Maintenance.Schedule(new MaintenanceDraft("Database upgrade", null, starts, starts.AddHours(2), [store.Component("API").Id]), Author);
        var page = store.Get<IPageAddress>().Page;
        var renderer = store.Get<MessageRenderer>();

        var content = MaintenanceNotice.For(maintenance, NotificationEvent.MaintenanceScheduled, page, store.Store);

        Assert.Contains("2026-12-05 23:00 Europe/Berlin (22:00 UTC)", renderer.Render(ChannelNames.Email, content, "en").Text, StringComparison.Ordinal);
        Assert.Contains("6. Dezember 2026, 01:00 Europe/Berlin (00:00 UTC)", renderer.Render(ChannelNames.Email, content, "de").Text, StringComparison.Ordinal);
        Assert.Equal("2026-12-05 22:00 UTC", MessageWords.Moment(starts, "en", null));
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> FrontPage(StatusHubApp app) =>
        new HtmlParser().ParseDocument(await app.CreateClient().GetStringAsync("/", TestContext.Current.CancellationToken));

    /// <summary>The day (its heading's datetime) of the past-incidents list that names the incident.</summary>
    private static DateOnly DayListing(AngleSharp.Html.Dom.IHtmlDocument page, string title) =>
        DateOnly.ParseExact(
            page.QuerySelectorAll(".past-day").Single(d => d.TextContent.Contains(title, StringComparison.Ordinal)).QuerySelector("h3 time")!.GetAttribute("datetime")!,
            "yyyy-MM-dd",
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The day of the one cell of the uptime bar that had an outage.</summary>
    private static DateOnly DownCell(AngleSharp.Html.Dom.IHtmlDocument page)
    {
        var cell = page.QuerySelectorAll(".uptime-bar .day.day-major_outage").Single();
        var label = cell.QuerySelector(".visually-hidden")!.TextContent.Split(':')[0];
        return DateOnly.ParseExact(label, "MMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture);
    }
}
