using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using StatusHub.Backups;

namespace StatusHub.Tests.Backups;

/// <summary>Scheduled backups into <c>Storage:BackupDirectory</c>: named by time, kept by count and age, shipped by the after-command.</summary>
public sealed class BackupSchedulerTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly TempFolder _backups = new();
    private readonly FakeTimeProvider _time = new(TestStore.Start);

    public void Dispose()
    {
        _data.Dispose();
        _backups.Dispose();
    }

    [Fact]
    public async Task EachRoundWritesABackupNamedByItsUtcTimeAndShipsItWithTheAfterCommand()
    {
        using var app = Build(new() { ["Storage:BackupAfterCommand"] = "echo {file} >> {dir}/shipped.txt" });
        var scheduler = app.Services.GetRequiredService<BackupScheduler>();

        Assert.Null(await scheduler.RunOnceAsync(TestContext.Current.CancellationToken));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Null(await scheduler.RunOnceAsync(TestContext.Current.CancellationToken));

        var names = scheduler.Existing().Select(b => Path.GetFileName(b.Path)).ToList();
        Assert.Equal(["statushub-20261123T120000Z.db", "statushub-20261124T120000Z.db"], names);
        Assert.Equal(names.Select(n => Path.Combine(_backups.Path, n)), await File.ReadAllLinesAsync(Path.Combine(_backups.Path, "shipped.txt"), TestContext.Current.CancellationToken));
        Assert.Empty(Directory.GetFiles(_backups.Path, "*.partial-*"));
        Assert.Equal(TestStore.Start.UtcDateTime.AddDays(2), scheduler.NextDue());
        var last = app.Services.GetRequiredService<BackupService>().Last();
        Assert.Equal(Path.Combine(_backups.Path, names[1]), last?.Path);
        Assert.Equal(BackupScheduler.Actor, last?.Actor);
    }

    [Fact]
    public async Task ABackupItsAfterCommandFailedToShipIsShippedAgainNotLeftForTheNextDay()
    {
        using var app = Build(new() { ["Storage:BackupAfterCommand"] = "test ! -e {dir}/offsite-down && echo {file} >> {dir}/shipped.txt" });
        var scheduler = app.Services.GetRequiredService<BackupScheduler>();
        var shipped = Path.Combine(_backups.Path, "shipped.txt");
        await File.WriteAllTextAsync(Path.Combine(_backups.Path, "offsite-down"), "", TestContext.Current.CancellationToken);

        Assert.Contains("exit code 1", await scheduler.RunOnceAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(await scheduler.ShipAgainAsync(TestContext.Current.CancellationToken));
        File.Delete(Path.Combine(_backups.Path, "offsite-down"));

        Assert.Null(await scheduler.ShipAgainAsync(TestContext.Current.CancellationToken));
        Assert.Null(await scheduler.ShipAgainAsync(TestContext.Current.CancellationToken));
        var backup = Assert.Single(scheduler.Existing()).Path;
        Assert.Equal([backup], await File.ReadAllLinesAsync(shipped, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OldBackupsGoPastTheCountOrTheAgeAndOtherFilesStay()
    {
        using var app = Build(new() { ["Storage:BackupKeepCount"] = "3", ["Storage:BackupKeepDays"] = "2" });
        var scheduler = app.Services.GetRequiredService<BackupScheduler>();
        var unrelated = Path.Combine(_backups.Path, "statushub-by-hand.db");
        await File.WriteAllTextAsync(unrelated, "mine", TestContext.Current.CancellationToken);

        for (var i = 0; i < 5; i++)
        {
            await scheduler.RunOnceAsync(TestContext.Current.CancellationToken);
            _time.Advance(TimeSpan.FromHours(12));
        }

        Assert.Equal(["statushub-20261124T120000Z.db", "statushub-20261125T000000Z.db", "statushub-20261125T120000Z.db"],
            scheduler.Existing().Select(b => Path.GetFileName(b.Path)));

        // Ten days on (the app was stopped): the next backup outlives every earlier one by more than their age.
        _time.Advance(TimeSpan.FromDays(10));
        await scheduler.RunOnceAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["statushub-20261206T000000Z.db"], scheduler.Existing().Select(b => Path.GetFileName(b.Path)));
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public async Task WithoutABackupDirectoryNothingIsScheduled()
    {
        using var app = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path }, _time);
        var scheduler = app.Services.GetRequiredService<BackupScheduler>();

        await scheduler.StartAsync(TestContext.Current.CancellationToken);

        // With a directory it would wait for the next backup for as long as the app runs; without one it ends.
        await scheduler.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.True(scheduler.ExecuteTask.IsCompletedSuccessfully);
        Assert.Empty(Directory.GetFiles(_backups.Path));
    }

    [Fact]
    public void AnAfterCommandWithoutABackupDirectoryStopsTheStartWithAMessageNamingTheKey()
    {
        using var app = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path, ["Storage:BackupAfterCommand"] = "rclone copy {file} offsite:" }, _time);

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StatusHub.Storage.StorageOptions>>().Value);
        Assert.Contains("set Storage:BackupDirectory", error.Message);
    }

    private WebApplication Build(Dictionary<string, string?> settings)
    {
        settings["Storage:DataDirectory"] = _data.Path;
        settings["Storage:BackupDirectory"] = _backups.Path;
        return AppServices.Build(settings, _time);
    }
}
