using StatusHub.Channels;
using StatusHub.Localization;
using StatusHub.Staff.Telegram;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Telegram;
using StatusHub.Text;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;

namespace StatusHub.Conversations;

/// <summary>
/// The bot's side of customers' messages: text (not a command) in a private chat from someone who is not linked staff
/// becomes a conversation message, answered once per conversation; a linked staff member's reply, in the staff chat, to
/// a forwarded message answers that customer. Anyone else's reply there is refused and changes nothing.
/// </summary>
public sealed class ConversationBot(
    ConversationService conversations,
    SubscriberService subscribers,
    PageLanguage pageLanguage,
    TelegramStaff staff,
    TelegramBotConnection bot,
    ILogger<ConversationBot> logger) : ITelegramUpdateHandler
{
    public int Order => 200;

    public async Task<bool> TryHandleAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.Message is not { Text: { } text, From: { IsBot: false } from } message)
        {
            return false;
        }

        if (message.Chat.Type == ChatType.Private && !text.StartsWith('/'))
        {
            // A linked staff member's stray text is not a customer's question.
            return staff.FindLinked(from.Id) is null && await FromCustomerAsync(message, from, text, cancellationToken);
        }

        if (message.ReplyToMessage is { } replied && staff.IsStaffChat(message.Chat.Id) &&
            conversations.FindByForward(message.Chat.Id, replied.MessageId) is { } conversation)
        {
            await FromStaffAsync(message, from, text, conversation, cancellationToken);
            return true;
        }

        return false;
    }

    private async Task<bool> FromCustomerAsync(Message message, User from, string text, CancellationToken cancellationToken)
    {
        var chatId = message.Chat.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The language the bot's commands answer this chat in.
        var words = BotWords.For(subscribers.Find(ChannelNames.Telegram, chatId), from, pageLanguage.Code);
        string answer;
        try
        {
            var name = Ellipsis.Shorten(TextPolicy.Line.Clean(string.Join(' ', new[] { from.FirstName, from.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)))), Conversation.MaxNameLength);
            var received = conversations.Receive(new CustomerMessage(ChannelNames.Telegram, chatId, text, name, from.Username, Language: words.Language));
            if (received.Refusal is { } refusal)
            {
                logger.LogInformation("Dropped a customer's message from Telegram chat {ChatId}: {Reason}", message.Chat.Id, refusal.ReasonKey);
                return true;
            }

            if (!received.Started)
            {
                return true;
            }

            answer = words.Get("bot.message_received") + "\n\n" + words.Get("bot.help");
        }
        catch (ValidationException ex)
        {
            answer = PublicText.For(words.Language).Sentence(ex);
        }

        await SendAsync(message.Chat.Id, HtmlText.Escape(answer), null, cancellationToken);
        return true;
    }

    private async Task FromStaffAsync(Message message, User from, string text, Conversation conversation, CancellationToken cancellationToken)
    {
        if (staff.FindLinked(from.Id) is not { } account)
        {
            staff.Refused(from.Id, from.Username, message.Chat.Id, "reply to a customer's message");
            return;
        }

        string answer;
        try
        {
            conversations.Reply(conversation.Id, text, account.Email);
            answer = $"Answer queued to {conversation.ReplyAddress}; the Conversations page shows when it went out.";
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException or ConcurrencyConflictException)
        {
            answer = ex.Message;
        }

        await SendAsync(message.Chat.Id, HtmlText.Escape(answer), message.MessageId, cancellationToken);
    }

    private Task SendAsync(long chat, string html, int? replyTo, CancellationToken cancellationToken) =>
        bot.AnswerAsync(chat, html, replyTo, null, cancellationToken);
}
