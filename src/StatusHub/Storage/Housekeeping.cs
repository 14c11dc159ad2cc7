namespace StatusHub.Storage;

/// <summary>
/// An hourly housekeeping loop over the store (old delivery rows, sign-ups never confirmed, expired conversations): a
/// round when it starts and then every <see cref="Interval"/>. While the store is read-only its rounds wait
/// (<see cref="ReadOnlyPause"/>: one line when the pause begins, one when it ends) and the next round after catches up;
/// a round the store failed is a warning, tried again an hour later. Each round deletes in its own small transactions,
/// so a failed one leaves nothing half-done.
/// </summary>
public abstract class Housekeeping(ReadOnlyMode readOnly, TimeProvider time, ILogger logger, string work) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly ReadOnlyPause _pause = new(readOnly, logger, work);

    /// <summary>The clock the rounds run by, and the one a round's own cut-off dates are taken from.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>The work of one round, in the store's own transactions.</summary>
    protected abstract void Clean();

    /// <summary>One round as the loop runs it: skipped while read-only, a store failure logged, never thrown.</summary>
    public void Round()
    {
        try
        {
            if (!_pause.Skip())
            {
                Clean();
            }
        }
        catch (Exception ex) when (ReadOnlyPause.Explains(ex))
        {
            // Read-only mode began during the round; the next one says so and waits.
        }
        catch (Exception ex) when (ex is LiteDB.LiteException or IOException)
        {
            logger.LogWarning(ex, "{Work} failed; trying again in {Interval}", work, Interval);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        try
        {
            do
            {
                Round();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
