using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.StaticExport;

namespace StatusHub.Tests.StaticExport;

public sealed class ExportRefresherTests
{
    private static readonly TimeSpan Debounce = TimeSpan.Parse(ExportApp.Debounce, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ExportsAtStartAndOnceMoreWhenABurstOfChangesHasSettled()
    {
        await using var app = new ExportApp();
        await app.StartAsync();
        await ExportApp.UntilAsync(() => app.Generation == "site.gen-1", "the first copy is in place");
        Assert.Empty(ExportedSite.BrokenLinks(app.Site));

        var first = app.Open("Checkout is down");
        await app.AdvanceAsync(Debounce / 2);
        // A change inside the quiet period starts it again.
        var second = app.Open("Search is slow");
        await app.AdvanceAsync(Debounce / 2);
        await app.AdvanceAsync(Debounce / 2);
        Assert.Equal("site.gen-1", app.Generation);
        await app.AdvanceAsync(Debounce / 2);

        await ExportApp.UntilAsync(() => app.Generation == "site.gen-2", "the second copy is in place");
        var home = ExportedSite.Read(app.Site, "index.html");
        Assert.Contains(first.Title, home);
        Assert.Contains(second.Title, home);
        Assert.True(File.Exists(Path.Combine(app.Site, $"incidents/{second.Id}/index.html")));
        await ExportApp.UntilAsync(() => app.Clock.ArmedTimers == 0, "the refresher waits for the next change");
        Assert.Equal("site.gen-2", app.Generation);
    }

    [Fact]
    public async Task KeepsThePreviousCopyForReadersHalfWayThroughItAndDeletesOlderOnes()
    {
        await using var app = new ExportApp();
        await app.StartAsync();
        await ExportApp.UntilAsync(() => app.Generation == "site.gen-1", "the first copy is in place");

        foreach (var (title, generation) in new[] { ("One", "site.gen-2"), ("Two", "site.gen-3") })
        {
            app.Open(title);
            await app.AdvanceAsync(Debounce);
            await ExportApp.UntilAsync(() => app.Generation == generation, $"{generation} is in place");
        }

        await app.UntilListedAsync("site", "site.gen-2", "site.gen-3");
    }

    [Fact]
    public async Task ReportsAFailingAfterCommandOnTheChannelsPageAndRetriesItWithBackoff()
    {
        var reachable = Path.Combine(Path.GetTempPath(), "statushub-tests", Guid.NewGuid().ToString("n") + ".reachable");
        var mirror = reachable + ".mirror";
        await using var app = new ExportApp(new()
        {
            ["Export:AfterCommand"] = $"if [ -f '{reachable}' ]; then mkdir -p '{mirror}' && cp -R {{dir}}/. '{mirror}'; else echo 'remote: bucket unreachable' >&2; exit 3; fi",
        });
        try
        {
            await app.StartAsync();

            await ExportApp.UntilAsync(() => app.HealthRow().LastError is not null, "the failure is reported");
            var failing = app.HealthRow();
            Assert.Equal((true, false, 1, 1), (failing.IsOn, failing.CanSendTest, failing.FailingTargets, failing.QueueLength));
            Assert.Equal("after-command: exit code 3: remote: bucket unreachable", failing.LastError);
            Assert.Null(failing.LastSuccessAt);

            File.WriteAllText(reachable, "");
            await app.AdvanceAsync(Backoff.First);

            await ExportApp.UntilAsync(() => app.HealthRow().LastSuccessAt is not null, "the retry succeeds");
            Assert.Equal((0, 0), (app.HealthRow().FailingTargets, app.HealthRow().QueueLength));
            Assert.Equal("after-command: exit code 3: remote: bucket unreachable", app.HealthRow().LastError);
            Assert.True(File.Exists(Path.Combine(mirror, "index.html")));
        }
        finally
        {
            File.Delete(reachable);
            if (Directory.Exists(mirror))
            {
                Directory.Delete(mirror, recursive: true);
            }
        }
    }

    [Fact]
    public async Task StopsAnAfterCommandThatOutlivesItsTimeout()
    {
        await using var app = new ExportApp(new() { ["Export:AfterCommand"] = "sleep 60", ["Export:AfterCommandTimeout"] = "00:00:05" });
        await app.StartAsync();

        await app.AdvanceAsync(TimeSpan.FromSeconds(5));

        await ExportApp.UntilAsync(() => app.HealthRow().LastError is not null, "the timeout is reported");
        Assert.Equal("after-command: timed out after 00:00:05 and was stopped", app.HealthRow().LastError);
    }

    [Fact]
    public async Task AHangingAfterCommandHoldsUpNeitherPublishingNorTheNextExports()
    {
        await using var app = new ExportApp(new() { ["Export:AfterCommand"] = "sleep 60" });
        await app.StartAsync();
        await ExportApp.UntilAsync(() => app.Generation == "site.gen-1" && app.Clock.ArmedTimers == 1, "the after-command runs on the first copy");

        foreach (var (title, generation) in new[] { ("One", "site.gen-2"), ("Two", "site.gen-3"), ("Three", "site.gen-4") })
        {
            app.Open(title);
            await app.AdvanceAsync(Debounce, armedTimers: 2);
            await ExportApp.UntilAsync(() => app.Generation == generation, $"{generation} is in place");
        }

        // The copy the command is still reading is kept; the one after it, neither current nor previous, is gone.
        await app.UntilListedAsync("site", "site.gen-1", "site.gen-3", "site.gen-4");
    }

    [Fact]
    public async Task AFailedExportIsReportedAndRetriedWhileTheLivePageGoesOn()
    {
        await using var app = new ExportApp();
        await app.StartAsync();
        await ExportApp.UntilAsync(() => app.Generation == "site.gen-1", "the first copy is in place");
        File.Delete(app.Site);
        File.WriteAllText(app.Site, "someone put a file here");

        var incident = app.Open("Checkout is down");
        await app.AdvanceAsync(Debounce);

        await ExportApp.UntilAsync(() => app.HealthRow().FailingTargets == 1, "the failure is reported");
        Assert.Contains("is a file", app.HealthRow().LastError);
        Assert.Contains(incident.Title, await app.App.CreateClient().GetStringAsync("/", TestContext.Current.CancellationToken));
        File.Delete(app.Site);
        await app.AdvanceAsync(Backoff.First);
        await ExportApp.UntilAsync(() => app.HealthRow().FailingTargets == 0, "the retry succeeds");
        Assert.Contains(incident.Title, ExportedSite.Read(app.Site, "index.html"));
    }

    [Theory]
    [InlineData("data")]
    [InlineData("parent")]
    public async Task RefusesToStartWithTheDataFolderOrAParentOfItAsTheExportFolder(string kind)
    {
        await using var factory = new StatusHubApp();
        var folder = kind == "data" ? factory.DataDirectory : Path.GetDirectoryName(factory.DataDirectory)!;
        await using var app = factory.WithWebHostBuilder(builder => builder.UseSetting("Export:Directory", folder));

        var refusal = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("Export:Directory", refusal.Message);
        Assert.Contains("data folder", refusal.Message);
    }

    [Fact]
    public async Task RefusesToStartWithAnAfterCommandButNoFolder()
    {
        await using var factory = new StatusHubApp();
        await using var app = factory.WithWebHostBuilder(builder => builder.UseSetting("Export:AfterCommand", "rclone sync {dir} remote:bucket"));

        var refusal = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("Export:AfterCommand is set but Export:Directory is not", refusal.Message);
    }

    [Fact]
    public async Task ShowsTheStaticExportAsOffUntilAFolderIsConfigured()
    {
        await using var factory = new StatusHubApp();

        var row = factory.Services.GetRequiredService<ChannelHealthService>().All().Single(h => h.Channel == ExportHealth.Name);

        Assert.False(row.IsOn);
        Assert.Contains("Export:Directory", row.Problem);
    }
}
