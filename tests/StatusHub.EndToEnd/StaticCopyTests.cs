using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatusHub.EndToEnd.Support;
using StatusHub.Incidents;
using StatusHub.StatusComponents;

namespace StatusHub.EndToEnd;

/// <summary>
/// The automatic export of a running app served by a plain static file server in another process, under a sub-path
/// (<c>/status/</c>) as in a bucket, read in Chromium next to the live app.
/// </summary>
public sealed class StaticCopyTests(Chromium chromium) : IClassFixture<Chromium>, IDisposable
{
    private const string Author = "e2e@example.com";

    private readonly string _bucket = Path.Combine(Path.GetTempPath(), "statushub-e2e", Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task AStaticServerShowsTheSameStatusAndIncidentsAsTheLiveAppAndPicksUpTheNextExport()
    {
        using var server = new LiveApp(new Dictionary<string, string>
        {
            ["Export:Directory"] = Path.Combine(_bucket, "status"),
            ["Export:Debounce"] = "00:00:00.200",
        });
        var components = server.Services.GetRequiredService<ComponentService>();
        var incidents = server.Services.GetRequiredService<IncidentService>();
        var api = components.Create(new ComponentDraft("Public API", null, null), Author);
        components.Create(new ComponentDraft("Documentation", null, null), Author);
        var outage = incidents.Open(new NewIncident("Webmail login failures", null, new UpdateDraft(IncidentStatus.Investigating, "We are **investigating**.", null,
            new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage })), Author);
        var past = incidents.Open(new NewIncident("Slow search", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Author);
        incidents.Resolve(past.Id, past.Version, "Fixed.", Author);
        await UntilExportedAsync(server);
        using var files = await StaticFileServer.StartAsync(_bucket);
        var copyRoot = new Uri(files.BaseAddress, "status/");

        var live = await chromium.Browser.NewPageAsync();
        await live.GotoAsync(server.BaseAddress.ToString());
        var copy = await chromium.Browser.NewPageAsync();
        // The copy's pages carry the live policy in a meta element: their script and styles are files, so nothing is refused.
        var console = ConsoleErrors.Of(copy);
        var failed = new List<string>();
        copy.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };
        await copy.GotoAsync(copyRoot.ToString());

        Assert.Equal("Major Service Outage", await copy.Locator("h1").First.TextContentAsync());
        Assert.Equal(await Texts(live, ".component"), await Texts(copy, ".component"));
        Assert.Equal(await Texts(live, "main a[href*='incidents/']"), await Texts(copy, "main a[href*='incidents/']"));
        Assert.Contains("Webmail login failures", await Texts(copy, "main a[href*='incidents/']"));
        await Assertions.Expect(copy.Locator(".static-copy")).ToContainTextAsync("this copy is served without StatusHub");
        Assert.Equal(0, await live.Locator(".static-copy").CountAsync());
        // The stylesheet came through its relative link.
        Assert.Equal("absolute", await copy.Locator(".skip-link").EvaluateAsync<string>("e => getComputedStyle(e).position"));
        // A Statuspage client pointed at the copy reads what it reads from the live app.
        using (var http = new HttpClient())
        {
            foreach (var json in new[] { "api/v2/summary.json", "api/v2/incidents.json", "api/v2/components.json" })
            {
                var fromLive = await http.GetStringAsync(new Uri(server.BaseAddress, json), TestContext.Current.CancellationToken);
                var fromCopy = await http.GetStringAsync(new Uri(copyRoot, json), TestContext.Current.CancellationToken);
                Assert.Equal(fromLive, fromCopy);
            }

            Assert.Contains("Webmail login failures", await http.GetStringAsync(new Uri(copyRoot, "history.rss"), TestContext.Current.CancellationToken));
        }

        await FollowAsync(copy, copy.Locator("main a", new() { HasText = "Webmail login failures" }).First, new Uri(copyRoot, $"incidents/{outage.Id}/index.html"));
        await live.GotoAsync(new Uri(server.BaseAddress, $"incidents/{outage.Id}").ToString());
        Assert.Equal(await live.Locator("h1").TextContentAsync(), await copy.Locator("h1").TextContentAsync());
        Assert.Equal(await Texts(live, ".timeline .update-body"), await Texts(copy, ".timeline .update-body"));
        await FollowAsync(copy, copy.Locator("a", new() { HasText = "Incident history" }), new Uri(copyRoot, "history/index.html"));
        Assert.Contains("Slow search", await Texts(copy, ".history-entry > a"));

        // An open copy polls the copy's own live.json and swaps in the next export without a reload.
        await copy.GotoAsync(copyRoot.ToString());
        await copy.EvaluateAsync("window.__sameDocument = true");
        incidents.Open(new NewIncident("Calendar sync delayed", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Author);
        await UntilExportedAsync(server);
        await copy.EvaluateAsync("document.dispatchEvent(new Event('visibilitychange'))");
        await Assertions.Expect(copy.GetByText("Calendar sync delayed").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.True(await copy.EvaluateAsync<bool>("window.__sameDocument === true"), "the copy was reloaded instead of updated in place");
        Assert.Empty(failed);
        Assert.Empty(console.All);
    }

    // The link must resolve (relative, inside the copy) to the expected file; the test then opens that address itself. Clicking
    // raced the copy's own live.json poll under CI load (the click landed while the list was being swapped in, and the wait
    // for the new URL ran out), and what is under test is where the link leads, not the browser's click handling.
    private static async Task FollowAsync(IPage page, ILocator link, Uri expected)
    {
        Assert.Equal(expected.ToString(), await link.EvaluateAsync<string>("a => a.href"));
        await page.GotoAsync(expected.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_bucket, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string[]> Texts(IPage page, string selector) =>
        [.. (await page.Locator(selector).AllTextContentsAsync()).Select(t => string.Join(' ', t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))];

    /// <summary>
    /// Until the copy is of the live app's current version. Waiting for some text is not enough: a copy written between
    /// two changes would be replaced while the test reads it, and the open page would swap its content under a click.
    /// </summary>
    private async Task UntilExportedAsync(LiveApp server)
    {
        using var http = new HttpClient();
        var live = LiveVersion(await http.GetStringAsync(new Uri(server.BaseAddress, "status/live.json"), TestContext.Current.CancellationToken));
        var copied = Path.Combine(_bucket, "status", "status", "live.json");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(File.Exists(copied) && LiveVersion(await File.ReadAllTextAsync(copied, TestContext.Current.CancellationToken)) == live))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The export never reached version {live}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static string LiveVersion(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("version").ToString();
    }
}
