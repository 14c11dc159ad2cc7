using global::Telegram.Bot.Types;

namespace StatusHub.Subscribers.Telegram;

/// <summary>
/// A feature that answers some of the bot's updates: staff commands, customers' messages. Each new update is offered to
/// the handlers in <see cref="Order"/>, lowest first; the first that takes it ends the round, and an update nobody takes
/// goes to the subscriber commands (/start, /status …). Handlers run after the update cursor, so each sees an update once.
/// </summary>
public interface ITelegramUpdateHandler
{
    /// <summary>Staff commands are 100, customers' messages 200: a linked staff member's /incident is never a customer's question.</summary>
    int Order { get; }

    /// <summary>True when this handler took the update (answered it or deliberately ignored it).</summary>
    Task<bool> TryHandleAsync(Update update, CancellationToken cancellationToken);
}
