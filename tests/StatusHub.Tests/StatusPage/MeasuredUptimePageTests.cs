using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusHub.Probes;
using StatusHub.StaticExport;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.Tests.StatusPage;

/// <summary>The measured 90-day bar as readers get it: the cached front page, the static export and the v2 JSON.</summary>
public sealed class MeasuredUptimePageTests : IDisposable
{
    private const string Admin = "admin@example.com";
    private readonly StatusHubApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TheFrontPageAndTheExportShowTheMeasuredBarOnceTheMinutesRebuildFindsNewRunsAndTheJsonKeepsTheDeclaredStatus()
    {
        using var client = _app.CreateClient();
        var components = Get<ComponentService>();
        var api = components.Create(new ComponentDraft("API", null, null), Admin);
        var other = components.Create(new ComponentDraft("Webmail", null, null), Admin);
        // Paused: the loop leaves it alone, the test writes its runs.
        var probe = Get<ProbeService>().Create(new Probe { Id = "", Name = "Web app", Kind = ProbeKind.Http, Enabled = false, IntervalSeconds = 60, ComponentIds = [api.Id], Http = new HttpProbeSettings { Url = "https://example.com/" } }, Admin);
        components.SetAvailability(api.Id, api.Version, AvailabilitySource.Measured, Admin);
        var before = await TextAsync(client, "/");

        ProbeRuns.Record(Get<ProbeResults>(), probe, _app.Time.GetUtcNow().UtcDateTime.AddMinutes(-6), "ok", "failed", "failed", "failed", "ok", "ok");

        var stale = await TextAsync(client, "/");
        Get<StatusSnapshotService>().Rebuild(); // what the minute's refresh does
        var page = await TextAsync(client, "/");
        var exported = await ExportedFrontPageAsync();
        using var summary = JsonDocument.Parse(await TextAsync(client, "/api/v2/summary.json"));

        Assert.Contains("Measured by StatusHub's probes: no measurement in 90 days yet", before);
        Assert.Equal(before, stale);
        Assert.Contains("Measured by StatusHub's probes: 40 % over 90 days", page);
        Assert.Contains("40 % measured uptime. Probes counted failing 3 minutes (3 failed runs).", page);
        Assert.Contains("Based on declared status", page);
        Assert.Contains("Measured by StatusHub's probes: 40 % over 90 days", exported);
        Assert.Contains("40 % measured uptime. Probes counted failing 3 minutes (3 failed runs).", exported);
        var listed = summary.RootElement.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("operational", listed[api.Id]);
        Assert.Equal("operational", listed[other.Id]);
    }

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private static async Task<string> TextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<string> ExportedFrontPageAsync()
    {
        using var folder = new TempFolder();
        var target = folder.File("site");
        await Get<StaticExporter>().ExportAsync(new ExportFolder(target, Get<IOptions<StorageOptions>>().Value.DataDirectory), cancellationToken: TestContext.Current.CancellationToken);
        return WebUtility.HtmlDecode(await File.ReadAllTextAsync(Path.Combine(target, "index.html"), TestContext.Current.CancellationToken));
    }
}
