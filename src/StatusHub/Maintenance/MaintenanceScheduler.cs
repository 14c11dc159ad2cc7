using StatusHub.Storage;

namespace StatusHub.Maintenance;

/// <summary>Wakes at each window's edge (and at least every minute) to move maintenance along.</summary>
public sealed class MaintenanceScheduler(MaintenanceService maintenance, ReadOnlyMode readOnly, TimeProvider time, ILogger<MaintenanceScheduler> logger) : BackgroundService
{
    private readonly ReadOnlyPause _pause = new(readOnly, logger, "Moving scheduled maintenance along");
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = MaxSleep;
            try
            {
                if (!_pause.Skip() && maintenance.AdvanceAll() is { } next)
                {
                    var untilNext = next - time.GetUtcNow().UtcDateTime;
                    sleep = untilNext < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : untilNext < MaxSleep ? untilNext : MaxSleep;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !ReadOnlyPause.Explains(ex))
            {
                logger.LogError(ex, "Moving scheduled maintenance along failed; trying again in a minute");
            }

            await Task.Delay(sleep, time, stoppingToken).ConfigureAwait(false);
        }
    }
}
