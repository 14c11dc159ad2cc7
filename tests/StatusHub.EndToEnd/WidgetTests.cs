using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using StatusHub.EndToEnd.Support;
using StatusHub.Incidents;
using StatusHub.StatusComponents;

namespace StatusHub.EndToEnd;

/// <summary>
/// The one-tag widget on a customer's own site, in Chromium. The customer's site is a second server on another port
/// (another origin), so the browser holds the status app to CORS.
/// </summary>
public sealed class WidgetTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly LiveApp _server = new();
    private readonly WebApplication _shop = CustomerSite();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _statusRequests = new();

    [Fact]
    public async Task ShowsTheStatusAndEachOpenIncidentOnAnotherSite()
    {
        var incident = OpenIncident("<img src=x onerror=\"window.pwned=1\"> Checkout errors");
        var status = _server.BaseAddress.ToString();
        var page = await CustomerPageAsync(status + "widget.js");

        var widget = page.Locator(".statushub-widget");

        await Assertions.Expect(widget).ToContainTextAsync("Major Service Outage", new() { Timeout = 30_000 });
        await Assertions.Expect(widget.GetByRole(AriaRole.Link, new() { Name = "<img src=x onerror=\"window.pwned=1\"> Checkout errors" }))
            .ToHaveAttributeAsync("href", $"{status}incidents/{incident.Id}");
        await Assertions.Expect(widget).ToContainTextAsync("Investigating");
        Assert.Equal(0, await widget.Locator("img").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("window.pwned === 1"), "an incident name ran as markup");
    }

    [Fact]
    public async Task ReadsTheStatusNextToItselfWhenThePageIsACopyInAFolder()
    {
        OpenIncident("Webmail login failures");
        var page = await CustomerPageAsync("http://mirror.test/status/widget.js", copiedTo: "http://mirror.test/status/");

        await Assertions.Expect(page.Locator(".statushub-widget")).ToContainTextAsync("Webmail login failures", new() { Timeout = 30_000 });

        Assert.Contains("http://mirror.test/status/api/v2/summary.json", _statusRequests);
        await Assertions.Expect(page.Locator(".statushub-widget a").First).ToHaveAttributeAsync("href", "http://mirror.test/status/");
    }

    public async ValueTask InitializeAsync() => await _shop.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _shop.DisposeAsync();
        _server.Dispose();
    }

    /// <summary>A page at "/" holding nothing but a heading and the tag for the script at ?script=.</summary>
    private static WebApplication CustomerSite()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var site = builder.Build();
        site.MapGet("/", (string script) => Results.Content(
            $"<!DOCTYPE html><html><body><h1>Our shop</h1><script src=\"{System.Net.WebUtility.HtmlEncode(script)}\" async></script></body></html>",
            "text/html; charset=utf-8"));
        return site;
    }

    private Incident OpenIncident(string title)
    {
        var api = _server.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("Public API", null, null), "e2e@example.com");
        return _server.Services.GetRequiredService<IncidentService>().Open(
            new NewIncident(title, null, new UpdateDraft(IncidentStatus.Investigating, "We are investigating.", null,
                new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.MajorOutage })),
            "e2e@example.com");
    }

    /// <summary>
    /// The customer's page with the one tag. With <paramref name="copiedTo"/>, requests under it are a static copy of
    /// the site: Playwright answers them with what the live app answers at its root.
    /// </summary>
    private async Task<IPage> CustomerPageAsync(string scriptUrl, string? copiedTo = null)
    {
        var page = await chromium.Browser.NewPageAsync();
        if (copiedTo is not null)
        {
            await page.RouteAsync(copiedTo + "**", async route =>
            {
                _statusRequests.Enqueue(route.Request.Url);
                var live = new Uri(_server.BaseAddress, route.Request.Url[copiedTo.Length..]).ToString();
                await route.FulfillAsync(new RouteFulfillOptions { Response = await route.FetchAsync(new RouteFetchOptions { Url = live }) });
            });
        }

        await page.GotoAsync($"{_shop.Urls.First()}/?script={Uri.EscapeDataString(scriptUrl)}");
        return page;
    }
}
