namespace StatusHub.Conversations;

/// <summary>
/// Hourly: deletes conversations whose last message is older than <see cref="ConversationsOptions.RetentionDays"/>, with
/// their messages, the customer's address and the outbox copies of the answers (<see cref="ConversationService.DeleteExpired"/>).
/// </summary>
public sealed class ConversationRetention(ConversationService conversations, TimeProvider time, ILogger<ConversationRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    if (conversations.DeleteExpired() is var deleted and > 0)
                    {
                        logger.LogInformation("Deleted {Count} conversations past their retention period", deleted);
                    }
                }
                catch (Storage.ReadOnlyException)
                {
                    // Housekeeping waits for read-only mode to end; the next round catches up.
                }
                catch (Exception ex) when (ex is LiteDB.LiteException or IOException)
                {
                    logger.LogWarning(ex, "Deleting expired conversations failed; trying again in {Interval}", Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
