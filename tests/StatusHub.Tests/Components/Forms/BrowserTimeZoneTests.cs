using StatusHub.Components.Forms;

namespace StatusHub.Tests.Components.Forms;

public class BrowserTimeZoneTests
{
    [Theory]
    [InlineData("Europe/Berlin", 60, "2026-11-23T03:00", "2026-11-23T02:00")]
    [InlineData("Europe/Berlin", 60, "2026-07-01T03:00", "2026-07-01T01:00")] // summer time, though the browser reported winter's offset
    [InlineData("Europe/Berlin", 60, "2026-03-29T02:30", "2026-03-29T01:30")] // skipped by the spring jump: read as 03:30 summer time, as browsers do
    [InlineData("America/New_York", -300, "2026-11-23T21:30", "2026-11-24T02:30")]
    [InlineData("Not/AZone", 330, "2026-11-23T12:00", "2026-11-23T06:30")] // unknown id: the reported offset
    [InlineData(null, 0, "2026-11-23T12:00", "2026-11-23T12:00")]
    public void TurnsATypedLocalTimeIntoUtc(string? zoneId, int offsetMinutes, string local, string expectedUtc)
    {
        var zone = BrowserTimeZone.Resolve(new BrowserZone(zoneId, offsetMinutes));

        var utc = BrowserTimeZone.ToUtc(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), zone);

        Assert.Equal(DateTime.SpecifyKind(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Fact]
    public void FallsBackToUtcWhenTheBrowserSaysNothing()
    {
        Assert.Same(TimeZoneInfo.Utc, BrowserTimeZone.Resolve(null));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-11-23T12:00", "Europe/Berlin (UTC+01:00)")]
    [InlineData("Europe/Berlin", "2026-07-01T12:00", "Europe/Berlin (UTC+02:00)")]
    [InlineData("Not/AZone", "2026-07-01T12:00", "UTC+05:30")]
    public void NamesTheZoneWithTheOffsetInForce(string zoneId, string utc, string expected)
    {
        var zone = BrowserTimeZone.Resolve(new BrowserZone(zoneId, 330));

        Assert.Equal(expected, BrowserTimeZone.Describe(zone, DateTime.SpecifyKind(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc)));
    }
}
