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
/// becomes a conversation message, answered once per conversation (a photo's or file's caption too, the customer told
/// that the attachment itself was not kept; without a caption they are asked for text); a linked staff member's reply, in the staff chat, to
/// a forwarded message answers that customer. Anyone else's reply there is refused, changes nothing and is told so.
/// </summary>
public sealed class ConversationBot(
    ConversationService conversations,
    ContactLimits limits,
    SubscriberService subscribers,
    PageLanguage pageLanguage,
    TelegramStaff staff,
    TelegramBotConnection bot,
    ILogger<ConversationBot> logger) : ITelegramUpdateHandler
{
    public const string NotLinkedAnswer =
        "Not sent: only staff whose Telegram is linked to their StatusHub account answer customers from here (/whoami says whether you are). " +
        "Answer on the Conversations page meanwhile.";

    public int Order => 200;

    /// <summary>What a customer may send instead of text: its caption is kept as the message, the thing itself is not.</summary>
    private static readonly HashSet<MessageType> Attachments =
    [
        MessageType.Photo, MessageType.Document, MessageType.Video, MessageType.Animation, MessageType.Audio, MessageType.Voice,
        MessageType.VideoNote, MessageType.Sticker, MessageType.Location, MessageType.Venue, MessageType.Contact, MessageType.Poll,
        MessageType.Dice,
    ];

    public async Task<bool> TryHandleAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.Message is not { From: { IsBot: false } from } message)
        {
            return false;
        }

        if (message.Text is not { } text)
        {
            return message.Chat.Type == ChatType.Private && Attachments.Contains(message.Type) && staff.FindLinked(from.Id) is null &&
                await FromCustomerAsync(message, from, message.Caption, attached: true, cancellationToken);
        }

        if (message.Chat.Type == ChatType.Private && !text.StartsWith('/'))
        {
            // A linked staff member's stray text is not a customer's question.
            return staff.FindLinked(from.Id) is null && await FromCustomerAsync(message, from, text, attached: false, cancellationToken);
        }

        if (message.ReplyToMessage is { } replied && staff.IsStaffChat(message.Chat.Id) &&
            conversations.FindByForward(message.Chat.Id, replied.MessageId) is { } conversation)
        {
            await FromStaffAsync(message, from, text, conversation, cancellationToken);
            return true;
        }

        return false;
    }

    /// <param name="attached">The text came with a photo, file or the like (<see cref="Attachments"/>), which is not kept: the customer is told so.</param>
    private async Task<bool> FromCustomerAsync(Message message, User from, string? text, bool attached, CancellationToken cancellationToken)
    {
        var chatId = message.Chat.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The language the bot's commands answer this chat in.
        var words = BotWords.For(subscribers.Find(ChannelNames.Telegram, chatId), from, pageLanguage.Code);
        var notKept = attached ? words.Get("bot.attachment_not_kept") : null;
        string? answer;
        try
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                answer = words.Get("bot.send_text");
            }
            else
            {
                var name = Ellipsis.Shorten(TextPolicy.Line.Clean(string.Join(' ', new[] { from.FirstName, from.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)))), Conversation.MaxNameLength);
                var received = conversations.Receive(new CustomerMessage(ChannelNames.Telegram, chatId, text, name, from.Username, Language: words.Language));
                answer = received.Refusal is { } refusal
                    ? Refused(message.Chat.Id, refusal, words.Language)
                    : received.Started ? Joined(words.Get("bot.message_received"), notKept, words.Get("bot.help")) : notKept;
            }
        }
        catch (ValidationException ex)
        {
            answer = Joined(PublicText.For(words.Language).Sentence(ex), notKept);
        }

        if (answer is not null)
        {
            await SendAsync(message.Chat.Id, HtmlText.Escape(answer), null, cancellationToken);
        }

        return true;
    }

    /// <summary>What a customer whose message a limit refused is told (once an hour: <see cref="ContactLimits.TellChat"/>), or null.</summary>
    private string? Refused(long chatId, ContactRefusal refusal, string language)
    {
        logger.LogInformation("Dropped a customer's message from Telegram chat {ChatId}: {Reason}", chatId, refusal.ReasonKey);
        var words = PublicText.For(language);
        return limits.TellChat(chatId) ? words.Format("Answer.ChatLimited.Text", words[refusal.ReasonKey], words.Wait(refusal.RetryAfter)) : null;
    }

    private static string Joined(params string?[] paragraphs) => string.Join("\n\n", paragraphs.Where(p => p is not null));

    private async Task FromStaffAsync(Message message, User from, string text, Conversation conversation, CancellationToken cancellationToken)
    {
        if (staff.FindLinked(from.Id) is not { } account)
        {
            // Said in the staff chat: silence would look like an answer that went out.
            staff.Refused(from.Id, from.Username, message.Chat.Id, "reply to a customer's message");
            await SendAsync(message.Chat.Id, NotLinkedAnswer, message.MessageId, cancellationToken);
            return;
        }

        string answer;
        try
        {
            conversations.Reply(conversation.Id, text, account.Email, (message.Chat.Id, message.MessageId));
            answer = $"Answer queued to {conversation.ReplyAddress}; if it cannot be delivered, you hear it here.";
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
