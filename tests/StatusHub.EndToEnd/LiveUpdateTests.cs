using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatusHub.EndToEnd.Support;
using StatusHub.Incidents;
using StatusHub.StatusComponents;

namespace StatusHub.EndToEnd;

public sealed class LiveUpdateTests(Chromium chromium) : IClassFixture<Chromium>, IDisposable
{
    private readonly LiveApp _server = new();

    [Fact]
    public async Task AnOpenStatusPageShowsANewIncidentWithoutReloading()
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = _server.BaseAddress.ToString() });
        var console = ConsoleErrors.Of(page);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("All Systems Operational");
        await page.EvaluateAsync("window.__sameDocument = true");

        var components = _server.Services.GetRequiredService<ComponentService>();
        var api = components.Create(new ComponentDraft("Public API", null, null), "e2e@example.com");
        _server.Services.GetRequiredService<IncidentService>().Open(
            new NewIncident("Webmail login failures", null, new UpdateDraft(IncidentStatus.Investigating, "We are investigating.", null,
                new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage })),
            "e2e@example.com");

        await Assertions.Expect(page.GetByText("Webmail login failures").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("h1").First).ToHaveTextAsync("Major Service Outage");
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page was reloaded instead of updated in place");
        Assert.Empty(console.All);
    }

    public void Dispose() => _server.Dispose();
}
