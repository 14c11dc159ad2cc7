using Microsoft.Playwright;

namespace StatusHub.EndToEnd.Support;

/// <summary>
/// Debian's Chromium driven by Playwright, offline: no browser download, no background networking.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"End-to-end tests need Chromium at {ExecutablePath}: apt-get install -y chromium (.ci/run does it).");
        }

        // CI runs these beside the other test project on two cores: an assertion waits up to 15 s for the page (5 s is
        // Playwright's default) before it counts as failed. A passing run is no slower for it.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
