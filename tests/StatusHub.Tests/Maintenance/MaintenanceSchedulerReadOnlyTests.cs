using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusHub.Channels;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Tests.Support;

namespace StatusHub.Tests.Maintenance;

/// <summary>
/// A background loop that writes waits out read-only mode quietly: one line when the pause begins, one when it ends, no
/// error per round, and the work it skipped is done once the store takes writes again.
/// </summary>
public sealed class MaintenanceSchedulerReadOnlyTests : IAsyncDisposable
{
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task While_the_store_is_read_only_the_scheduler_pauses_without_an_error_per_round_and_catches_up_after()
    {
        var services = _app.Services;
        var component = services.GetRequiredService<ComponentService>().Create(new ComponentDraft("Mail", null, null), "admin@example.com");
        var start = _app.Time.GetUtcNow().AddMinutes(2);
        var window = services.GetRequiredService<MaintenanceService>().Schedule(
            new MaintenanceDraft("Relay upgrade", null, start.UtcDateTime, start.AddHours(1).UtcDateTime, [component.Id]), "admin@example.com", PublishChoice.Silent);
        var mode = services.GetRequiredService<ReadOnlyMode>();
        mode.SwitchOn("admin@example.com", "restoring last night's backup");
        var logger = new ListLogger<MaintenanceScheduler>();
        var clock = new WatchedClock(_app.Time);
        var scheduler = new MaintenanceScheduler(services.GetRequiredService<MaintenanceService>(), mode, clock, logger);

        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        for (var round = 1; round <= 5; round++)
        {
            await UntilAsync(() => clock.TimersCreated == round && clock.ArmedTimers == 1, "the scheduler waits for its next round");
            _app.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await UntilAsync(() => clock.TimersCreated == 6 && clock.ArmedTimers == 1, "the scheduler waits for its next round");
        Assert.Equal(MaintenanceStatus.Scheduled, services.GetRequiredService<MaintenanceService>().Get(window.Id).Status);
        mode.SwitchOff("admin@example.com");
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => services.GetRequiredService<MaintenanceService>().Get(window.Id).Status == MaintenanceStatus.InProgress, "the window opens once writes are taken again");
        await scheduler.StopAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain(logger.Entries, entry => entry.Level >= LogLevel.Warning);
        Assert.Single(logger.Entries, entry => entry.Message.Contains("paused while the store is read-only", StringComparison.Ordinal) && entry.Message.Contains("restoring last night's backup", StringComparison.Ordinal));
        Assert.Single(logger.Entries, entry => entry.Message.Contains("takes writes again", StringComparison.Ordinal));
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
