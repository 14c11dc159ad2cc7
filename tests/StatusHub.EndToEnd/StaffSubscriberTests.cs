using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatusHub.EndToEnd.Support;
using StatusHub.Subscribers;

namespace StatusHub.EndToEnd;

public sealed class StaffSubscriberTests(Chromium chromium) : IClassFixture<Chromium>, IDisposable
{
    private readonly LiveApp _server = new();

    [Fact]
    public async Task StaffAddOneSubscriberByHandAndAreToldWhyNotWhenNoConfirmationCanGo()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var console = ConsoleErrors.Of(page);

        await StaffSignIn.AsEditorAsync(_server, page, "support@example.com", "/admin/subscribers");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a subscriber" })).ToBeVisibleAsync();
        await WaitForCircuitAsync(page);

        // No backup email relay is configured here, so a confirmation cannot go: the form says so and saves nothing.
        await page.Locator("#add-address").FillAsync("zoe@example.com");
        await page.Locator("#add-language").SelectOptionAsync("de");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add subscriber" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("backup email channel is off");
        Assert.Null(_server.Services.GetRequiredService<SubscriberService>().Find("email:zoe@example.com"));

        // Someone who agreed on the phone is added as confirmed, in their language.
        await page.Locator("#add-confirmed").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add subscriber" }).ClickAsync();
        await Assertions.Expect(page.Locator(".add-done")).ToContainTextAsync("z•••@example.com added as an active");
        await Assertions.Expect(page.Locator("tr[data-subscriber='email:zoe@example.com'] .state")).ToHaveTextAsync("active");
        var zoe = _server.Services.GetRequiredService<SubscriberService>().Find("email:zoe@example.com")!;
        Assert.Equal((SubscriberState.Active, "de"), (zoe.State, zoe.Language));
        Assert.Empty(console.All);
    }

    /// <summary>The address label follows the channel only over the circuit: once it does, clicks reach the server.</summary>
    private static async Task WaitForCircuitAsync(IPage page)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await page.Locator("#add-channel").SelectOptionAsync("sms");
            try
            {
                await Assertions.Expect(page.GetByText("Mobile number (with country code)")).ToBeVisibleAsync(new() { Timeout = 1_000 });
                await page.Locator("#add-channel").SelectOptionAsync("email");
                await Assertions.Expect(page.GetByText("Email address", new() { Exact = true })).ToBeVisibleAsync();
                return;
            }
            catch (PlaywrightException)
            {
            }
        }

        throw new InvalidOperationException("The subscribers page never became interactive.");
    }

    public void Dispose() => _server.Dispose();
}
