using Microsoft.Playwright;
using StatusHub.EndToEnd.Support;

namespace StatusHub.EndToEnd;

public sealed class StaffPublishingTests(Chromium chromium) : IClassFixture<Chromium>, IDisposable
{
    private readonly LiveApp _server = new();

    [Fact]
    public async Task AnUpdatePostedByStaffAppearsOnAnOpenPublicPageWithoutReloading()
    {
        var options = new BrowserNewContextOptions { BaseURL = _server.BaseAddress.ToString() };
        await using var staffContext = await chromium.Browser.NewContextAsync(options);
        await using var readerContext = await chromium.Browser.NewContextAsync(options);
        var staff = await staffContext.NewPageAsync();
        var reader = await readerContext.NewPageAsync();
        // Sign-in, the circuit and the public page's refresh all run under the Content-Security-Policy: nothing refused.
        var console = ConsoleErrors.Of(staff, reader);

        await StaffSignIn.AsEditorAsync(_server, staff, "oncall@example.com", "/admin/incidents");
        await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "New incident" })).ToBeVisibleAsync();

        // Open an incident once the circuit answers (the live preview only renders over the circuit).
        await TypeOnceInteractiveAsync(staff, "#incident-body", "Webmail logins **fail** for some customers.");
        await staff.Locator("#incident-title").FillAsync("Webmail login failures");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Open incident" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "Post an update" })).ToBeVisibleAsync();

        // A customer has the public page open in another tab.
        await reader.GotoAsync("/");
        await Assertions.Expect(reader.GetByText("Webmail login failures").First).ToBeVisibleAsync();
        await reader.EvaluateAsync("window.__sameDocument = true");

        // Staff post the next update.
        await TypeOnceInteractiveAsync(staff, "#update-body", "Cause found: an expired certificate on the login proxy.");
        await staff.Locator("#update-status").SelectOptionAsync(new SelectOptionValue { Label = "Identified" });
        await staff.GetByRole(AriaRole.Button, new() { Name = "Post update" }).ClickAsync();
        await Assertions.Expect(staff.Locator(".timeline, [aria-labelledby=timeline]").GetByText("expired certificate").First).ToBeVisibleAsync();

        await Assertions.Expect(reader.GetByText("expired certificate").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(await reader.EvaluateAsync<bool>("window.__sameDocument === true"), "the public page reloaded instead of updating in place");
        Assert.Empty(console.All);
    }

    [Fact]
    public async Task AnUpdateAsLongAsTheLimitReachesTheServerWhole()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.BaseAddress.ToString() });
        var staff = await OpenIncidentAsync(context);

        // A pasted log near the 20,000-character limit, in scripts that take two and three bytes a character in UTF-8:
        // every keystroke sends the whole box over the circuit, so the box's limit must fit in one circuit message.
        var log = string.Concat(Enumerable.Repeat("Grüße 中文 relay 451 deferred\n", 19_000 / 28)) + "END-OF-LOG";
        await staff.Locator("#update-body").FillAsync(log);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Post update" }).ClickAsync();
        await Assertions.Expect(staff.Locator(".timeline, [aria-labelledby=timeline]").GetByText("END-OF-LOG").First).ToBeVisibleAsync();

        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        var incidents = await http.GetStringAsync("/api/v2/incidents.json", TestContext.Current.CancellationToken);
        Assert.Contains("END-OF-LOG", incidents, StringComparison.Ordinal);
        Assert.Contains(log[..2_000], System.Text.Json.JsonDocument.Parse(incidents).RootElement.GetProperty("incidents")[0].GetProperty("incident_updates")[0].GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextTypedIntoAnUpdateSurvivesAReloadAndIsOfferedBack()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.BaseAddress.ToString() });
        var staff = await OpenIncidentAsync(context);
        await TypeOnceInteractiveAsync(staff, "#update-body", "The relay is back; the queue is draining.");

        // The connection is gone and staff reload: the page comes back without the text, and offers it.
        await staff.ReloadAsync();
        await staff.Locator(".restore-kept").ClickAsync();

        await Assertions.Expect(staff.Locator("#update-body")).ToHaveValueAsync("The relay is back; the queue is draining.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Post update" }).ClickAsync();
        await Assertions.Expect(staff.Locator(".timeline, [aria-labelledby=timeline]").GetByText("queue is draining").First).ToBeVisibleAsync();
        await staff.ReloadAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "Post an update" })).ToBeVisibleAsync();
        await staff.WaitForTimeoutAsync(2_000);
        Assert.Equal(0, await staff.Locator(".kept-text").CountAsync());
    }

    [Fact]
    public async Task ADoubleClickedButtonSavesOnceAndShowsNoError()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.BaseAddress.ToString() });
        var staff = await context.NewPageAsync();
        await StaffSignIn.AsEditorAsync(_server, staff, "oncall@example.com", "/admin/incidents");
        await TypeOnceInteractiveAsync(staff, "#incident-body", "Outbound mail is delayed.");
        await staff.Locator("#incident-title").FillAsync("Outbound mail delayed");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Open incident" }).DblClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "Post an update" })).ToBeVisibleAsync();

        await TypeOnceInteractiveAsync(staff, "#update-body", "Cause found: a full disk on the relay.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Post update" }).DblClickAsync();
        var timeline = staff.Locator(".timeline");
        await Assertions.Expect(timeline.GetByText("full disk").First).ToBeVisibleAsync();
        await staff.WaitForTimeoutAsync(1_000);

        Assert.Equal(0, await staff.Locator("#post-update-form [role=alert]").CountAsync());
        Assert.Equal(1, await timeline.GetByText("full disk").CountAsync());
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        var incidents = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/v2/incidents.json", TestContext.Current.CancellationToken));
        var listed = incidents.RootElement.GetProperty("incidents");
        Assert.Equal(1, listed.GetArrayLength());
        Assert.Equal(2, listed[0].GetProperty("incident_updates").GetArrayLength());
    }

    /// <summary>Signs in as an editor and opens an incident; the page is then the incident's, ready for an update.</summary>
    private async Task<IPage> OpenIncidentAsync(IBrowserContext context)
    {
        var staff = await context.NewPageAsync();
        await StaffSignIn.AsEditorAsync(_server, staff, "oncall@example.com", "/admin/incidents");
        await TypeOnceInteractiveAsync(staff, "#incident-body", "Outbound mail is delayed.");
        await staff.Locator("#incident-title").FillAsync("Outbound mail delayed");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Open incident" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "Post an update" })).ToBeVisibleAsync();
        return staff;
    }

    /// <summary>Types into a Markdown box until its live preview shows the text: proof the Blazor circuit is connected.</summary>
    private static async Task TypeOnceInteractiveAsync(IPage page, string selector, string text)
    {
        var preview = page.Locator($"{selector} ~ .markdown-preview, {selector} + small + .markdown-preview").First;
        var plain = text.Replace("**", "", StringComparison.Ordinal);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await page.Locator(selector).FillAsync(text);
            try
            {
                await Assertions.Expect(preview).ToContainTextAsync(plain[..20], new() { Timeout = 1_000 });
                return;
            }
            catch (PlaywrightException)
            {
            }
        }

        throw new InvalidOperationException($"The page never became interactive: typing into {selector} did not update its preview.");
    }

    public void Dispose() => _server.Dispose();
}
