using StatusHub.Channels.Outbox;
using StatusHub.Storage;
using StatusHub.Subscribers.Telegram;
using StatusHub.Text;

namespace StatusHub.Conversations;

/// <summary>
/// Tells the staff chat when an answer written there fails for good (the customer blocked the bot, the address refuses
/// mail), in reply to the staff member's message: "Answer queued" was said there, so its end is said there too. Wakes on
/// the outbox's <see cref="OutboxStore.FailedSignal"/>; an answer that went out is forgotten, a report Telegram did not
/// take is tried again on the next round.
/// </summary>
public sealed class AnswerFailureReporter(LiteStore store, TelegramBotConnection bot, TimeProvider time, ILogger<AnswerFailureReporter> logger) : BackgroundService
{
    /// <summary>How often watched answers are looked at when nothing wakes the loop (a receipt, a report Telegram refused).</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMinutes(1);

    /// <summary>One round: reports each watched answer whose delivery failed, forgets those that went out; returns how many were reported.</summary>
    public async Task<int> ReportAsync(CancellationToken cancellationToken)
    {
        var reported = 0;
        foreach (var answer in store.Collection<ConversationMessage>().Find(m => m.AnsweredInChatId != null).ToList())
        {
            var delivery = store.Collection<Delivery>().FindOne(d => d.NotificationId == answer.NotificationId);
            if (delivery?.State == DeliveryState.Sent)
            {
                Forget(answer);
                continue;
            }

            if (delivery?.State != DeliveryState.Failed || store.Collection<Conversation>().FindById(answer.ConversationId) is not { } conversation)
            {
                continue;
            }

            var text = $"❌ Your answer to {HtmlText.Escape(conversation.ReplyAddress)} did not reach them: {HtmlText.Escape(delivery.LastError ?? "refused")}. "
                + "The conversation's page shows it as failed.";
            if (await bot.SendAsync(answer.AnsweredInChatId!.Value, text, answer.AnsweredInMessageId, null, "report an answer that failed", cancellationToken) is null)
            {
                logger.LogWarning("Could not tell the staff chat that an answer to conversation {ConversationId} failed; trying again later", conversation.Id);
                continue;
            }

            Forget(answer);
            reported++;
        }

        return reported;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new SignalledLoop(store, OutboxStore.FailedSignal, Poll, time, logger, "Reporting failed answers to the staff chat failed").RunAsync(ReportAsync, stoppingToken);

    private void Forget(ConversationMessage answer) =>
        store.Write(
            scope =>
            {
                if (scope.Collection<ConversationMessage>().FindById(answer.Id) is { } current)
                {
                    scope.Update(current with { AnsweredInChatId = null, AnsweredInMessageId = null }, "The answer");
                }
            },
            affectsStatusPage: false);
}
