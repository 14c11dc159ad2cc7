using Bunit;
using StatusHub.Probes;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.StatusPage;

/// <summary>A component whose 90-day bar an admin chose to draw from its probes' measurements, and one that kept declared status.</summary>
public sealed class MeasuredUptimeBarTests : BunitContext
{
    private const string Admin = "admin@example.com";
    private readonly TestStore _store = new();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    [Fact]
    public void AMeasuredBarSaysSoAndShowsTheCountedFailingTimeOfItsWorstProbeAndNoMeasurementOnDaysWithoutRuns()
    {
        var api = _store.Component("API");
        var web = Probe("Web app", api);
        var health = Probe("Health endpoint", api);
        api = _store.Components.SetAvailability(api.Id, api.Version, AvailabilitySource.Measured, Admin);
        // 2 of 3: counted failing from the third run to the sixth, 3 of the 5 minutes observed.
        Record(web, "ok", "failed", "failed", "failed", "ok", "ok");
        Record(health, "ok", "ok", "ok", "ok", "ok", "ok");

        var bar = RenderBar(api);
        var cells = bar.FindAll(".uptime-bar .day");

        Assert.Equal("Measured by StatusHub's probes: 40 % over 90 days", bar.Find(".uptime-source").TextContent);
        Assert.Equal("API: 40 % measured uptime over 90 days", bar.Find(".uptime-bar").GetAttribute("aria-label"));
        Assert.Equal("Nov 23, 2026: 40 % measured uptime. Probes counted failing 3 minutes (3 failed runs).", cells[^1].GetAttribute("title"));
        Assert.Equal("Nov 23, 2026: 40 % measured", cells[^1].QuerySelector(".visually-hidden")!.TextContent);
        Assert.Contains("day-major_outage", cells[^1].ClassList);
        Assert.Equal("Nov 22, 2026: No measurement", cells[^2].GetAttribute("title"));
        Assert.All(cells.SkipLast(1), c => Assert.Contains("day-nodata", c.ClassList));
    }

    [Fact]
    public void AFailedRunThatDoesNotCountIsNoDowntimeOnAMeasuredBar()
    {
        var api = _store.Component("API");
        var web = Probe("Web app", api);
        api = _store.Components.SetAvailability(api.Id, api.Version, AvailabilitySource.Measured, Admin);
        Record(web, "ok", "failed", "ok");

        var today = RenderBar(api).FindAll(".uptime-bar .day")[^1];

        Assert.Equal("Nov 23, 2026: 100 % measured uptime. No failure counted (1 failed run).", today.GetAttribute("title"));
        Assert.Contains("day-operational", today.ClassList);
    }

    [Fact]
    public void ADeclaredBarSaysItIsBasedOnDeclaredStatusEvenWhenProbesWatchTheComponent()
    {
        var api = _store.Component("API");
        Record(Probe("Web app", api), "failed", "failed", "failed");
        _store.Time.Advance(TimeSpan.FromHours(1));

        var bar = RenderBar(api);

        Assert.Equal("Based on declared status", bar.Find(".uptime-source").TextContent);
        Assert.Equal("API: 100 % uptime over 90 days", bar.Find(".uptime-bar").GetAttribute("aria-label"));
    }

    [Fact]
    public void TheChoiceIsVersionedAndAudited()
    {
        var api = _store.Component("API");
        _store.Components.SetAvailability(api.Id, api.Version, AvailabilitySource.Measured, Admin);

        var stale = Assert.Throws<StatusHub.Storage.ConcurrencyConflictException>(() => _store.Components.SetAvailability(api.Id, api.Version, AvailabilitySource.Declared, Admin));
        var audit = _store.Get<StatusHub.Audit.AuditLog>().Page(0, $"component:{api.Id}").Single(e => e.Action == "component.updated");

        Assert.Equal(AvailabilitySource.Measured, _store.Components.Get(api.Id).Availability);
        Assert.Contains("API", stale.Message);
        Assert.Equal((Admin, "component.updated", "90-day bar declared → measured"), (audit.Actor, audit.Action, audit.Details));
    }

    private Probe Probe(string name, StatusComponent component) => _store.Get<ProbeService>().Create(new Probe
    {
        Id = "",
        Name = name,
        Kind = ProbeKind.Http,
        IntervalSeconds = 60,
        ComponentIds = [component.Id],
        Http = new HttpProbeSettings { Url = "https://example.com/" },
    }, Admin);

    /// <summary>One run a minute, ending now.</summary>
    private void Record(Probe probe, params string[] outcomes) =>
        ProbeRuns.Record(_store.Get<ProbeResults>(), probe, _store.Now.AddMinutes(1 - outcomes.Length), outcomes);

    private IRenderedComponent<UptimeBar> RenderBar(StatusComponent component)
    {
        using var snapshots = _store.Snapshots();
        var snapshot = snapshots.Current;
        return Render<UptimeBar>(p => p
            .Add(b => b.Component, snapshot.ComponentsById[component.Id])
            .Add(b => b.History, snapshot.Uptime[component.Id]));
    }
}
