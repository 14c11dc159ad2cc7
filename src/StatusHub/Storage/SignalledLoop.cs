namespace StatusHub.Storage;

/// <summary>
/// A background round that runs now, whenever a write raises <paramref name="signal"/>, and every <paramref name="poll"/>
/// otherwise (a backoff ending, configuration changing). A failed round (the store busy or its disk) is logged and retried.
/// </summary>
public sealed class SignalledLoop(LiteStore store, string signal, TimeSpan poll, TimeProvider time, ILogger logger, string failure)
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public async Task RunAsync(Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        store.Signalled += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await round(stoppingToken);
                }
                catch (Exception ex) when (ex is LiteDB.LiteException or IOException)
                {
                    logger.LogError(ex, "{Failure}; trying again shortly", failure);
                }

                using var timer = new CancellationTokenSource(poll, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, stoppingToken);
                try
                {
                    await _wake.WaitAsync(linked.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            store.Signalled -= Wake;
        }
    }

    private void Wake(string raised)
    {
        if (raised == signal && _wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }
}
