using StatusHub.Storage;

namespace StatusHub.Conversations;

/// <summary>
/// Hourly: deletes conversations whose last message is older than <see cref="ConversationsOptions.RetentionDays"/>, with
/// their messages, the customer's address and the outbox copies of the answers (<see cref="ConversationService.DeleteExpired"/>).
/// </summary>
public sealed class ConversationRetention(ConversationService conversations, ReadOnlyMode readOnly, TimeProvider time, ILogger<ConversationRetention> logger)
    : Housekeeping(readOnly, time, logger, "Deleting expired conversations")
{
    protected override void Clean()
    {
        if (conversations.DeleteExpired() is var deleted and > 0)
        {
            logger.LogInformation("Deleted {Count} conversations past their retention period", deleted);
        }
    }
}
