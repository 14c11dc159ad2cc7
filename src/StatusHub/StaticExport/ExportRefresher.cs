using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.StaticExport;

/// <summary>
/// Keeps <see cref="ExportOptions.Directory"/> a current copy of the public site: exports once at start, then whenever
/// the snapshot's content changes and has stayed unchanged for <see cref="ExportOptions.Debounce"/> (a steady stream of
/// changes still exports every five debounce periods). The after-command runs in its own loop on the newest copy, so a
/// slow or failing sync delays neither the next export nor anything else. Nothing here can fail a write or a request:
/// failures are logged, shown on the Channels page, and retried with backoff.
/// </summary>
public sealed class ExportRefresher(
    StaticExporter exporter,
    StatusSnapshotService snapshots,
    ExportHealth health,
    IOptions<ExportOptions> options,
    IOptions<StorageOptions> storage,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<ExportRefresher> logger) : BackgroundService
{
    private const int MaxDebouncePeriods = 5;

    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly SemaphoreSlim _exported = new(0, 1);
    private long _changes;
    private string? _exportedVersion;
    private string? _newestCopy;
    private string? _syncing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.IsOn)
        {
            return;
        }

        var folder = ExportFolder.For(settings.ResolveDirectory(environment.ContentRootPath), environment, storage.Value);
        snapshots.Rebuilt += OnRebuilt;
        var sync = string.IsNullOrWhiteSpace(settings.AfterCommand)
            ? Task.CompletedTask
            : Task.Run(() => SyncLoopAsync(settings.AfterCommand, settings.AfterCommandTimeout, stoppingToken), stoppingToken);
        try
        {
            await ExportLoopAsync(folder, settings, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            snapshots.Rebuilt -= OnRebuilt;
        }

        try
        {
            await sync;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Runs on the writer's thread inside <see cref="StatusSnapshotService.Rebuild"/>: only notes the change.</summary>
    private void OnRebuilt(StatusSnapshot snapshot)
    {
        // The minute's rebuild changes nothing the pages show until the day turns or a measured 90-day bar's text moves.
        if (snapshot.ContentVersion != Volatile.Read(ref _exportedVersion))
        {
            Interlocked.Increment(ref _changes);
            Signal(_changed);
        }
    }

    private async Task ExportLoopAsync(ExportFolder folder, ExportOptions settings, CancellationToken stoppingToken)
    {
        var failures = 0;
        // The first export runs at once: the copy on disk may predate changes made while StatusHub was stopped.
        var waitForChange = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (waitForChange)
            {
                await _changed.WaitAsync(stoppingToken);
                // A change noted while the last export ran may be in that export already.
                if (snapshots.Current.ContentVersion == Volatile.Read(ref _exportedVersion))
                {
                    continue;
                }

                await SettleAsync(settings.Debounce, stoppingToken);
            }

            waitForChange = true;
            try
            {
                var result = await exporter.ExportAsync(folder, linked: true, stoppingToken);
                Volatile.Write(ref _exportedVersion, result.ContentVersion);
                failures = 0;
                logger.LogInformation("Static copy of the public page written to {Folder} ({Files} files)", folder.Path, result.Files);
                if (string.IsNullOrWhiteSpace(settings.AfterCommand))
                {
                    health.Succeeded();
                }
                else
                {
                    Volatile.Write(ref _newestCopy, result.Location);
                    Signal(_exported);
                }

                folder.RemoveOldCopies(Volatile.Read(ref _syncing) is { } syncing ? [syncing] : []);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                var delay = Backoff.Delay(++failures);
                logger.LogError(ex, "The static export to {Folder} failed; trying again in {Delay}. The live page is not affected.", folder.Path, delay);
                health.Failed($"export: {ex.Message}");
                await Task.Delay(delay, time, stoppingToken);
                waitForChange = false;
            }
        }
    }

    /// <summary>Waits until no change has arrived for <paramref name="debounce"/>, or <see cref="MaxDebouncePeriods"/> periods have passed.</summary>
    private async Task SettleAsync(TimeSpan debounce, CancellationToken stoppingToken)
    {
        for (var period = 0; period < MaxDebouncePeriods; period++)
        {
            var seen = Interlocked.Read(ref _changes);
            await Task.Delay(debounce, time, stoppingToken);
            if (Interlocked.Read(ref _changes) == seen)
            {
                return;
            }
        }
    }

    private async Task SyncLoopAsync(string command, TimeSpan timeout, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (true)
        {
            await _exported.WaitAsync(stoppingToken);
            var copy = Volatile.Read(ref _newestCopy)!;
            Volatile.Write(ref _syncing, copy);
            string? failure;
            try
            {
                failure = await AfterCommand.RunAsync(command, copy, timeout, time, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failure = ex.Message;
            }
            finally
            {
                Volatile.Write(ref _syncing, null);
            }

            if (failure is null)
            {
                failures = 0;
                health.Succeeded();
                continue;
            }

            var delay = Backoff.Delay(++failures);
            logger.LogWarning("Export:AfterCommand failed for {Copy}: {Failure}; trying again in {Delay}", copy, failure, delay);
            health.Failed($"after-command: {failure}");
            await Task.Delay(delay, time, stoppingToken);
            // Again, on whatever copy is newest by then.
            Signal(_exported);
        }
    }

    private static void Signal(SemaphoreSlim signal)
    {
        try
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _changed.Dispose();
        _exported.Dispose();
    }
}
