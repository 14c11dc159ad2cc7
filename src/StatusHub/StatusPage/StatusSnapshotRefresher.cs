namespace StatusHub.StatusPage;

/// <summary>Rebuilds the snapshot every minute so day boundaries and upcoming windows move without a write.</summary>
public sealed class StatusSnapshotRefresher(StatusSnapshotService snapshots, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                snapshots.Rebuild();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, also when the host failed to start (a port in use): not a failure of this service.
        }
    }
}
