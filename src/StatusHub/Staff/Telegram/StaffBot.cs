using StatusHub.Subscribers.Telegram;
using global::Telegram.Bot;
using global::Telegram.Bot.Exceptions;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;
using global::Telegram.Bot.Types.ReplyMarkups;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// How the staff commands talk in Telegram: HTML messages (every user string escaped with <see cref="Escape"/>),
/// questions that ask for a reply, buttons issued through <see cref="TelegramCallbacks"/>, edits and button answers.
/// A call Telegram does not take is retried while it says "later" (<see cref="TelegramBotConnection.RetryAsync{T}"/>), then
/// logged, never thrown: the write it reports on is already saved (or was never made).
/// </summary>
public sealed class StaffBot(TelegramBotConnection bot, TelegramCallbacks callbacks, ILogger<StaffBot> logger)
{
    /// <summary>Telegram's limit for a message, in characters; longer text is cut with an ellipsis.</summary>
    public const int MaxMessageLength = 4000;

    public const string AnswerAction = "staff.answer";
    public const string ToggleAction = "staff.toggle";
    public const string PublishAction = "staff.publish";
    public const string EditAction = "staff.edit";
    public const string CancelAction = "staff.cancel";
    public const string PageAction = "staff.page";

    public Task<string?> UsernameAsync(CancellationToken cancellationToken) => bot.UsernameAsync(cancellationToken);

    /// <summary>A button bound to <paramref name="userId"/> (null: any linked staff member) whose use is looked up on the server.</summary>
    public InlineKeyboardButton Button(string label, string action, string payload, long? userId, TimeSpan? lifetime = null) =>
        InlineKeyboardButton.WithCallbackData(label, callbacks.Issue(action, payload, userId, lifetime));

    /// <summary>Sends a message (retried while Telegram says "later"); returns its id, or null when Telegram did not take it.</summary>
    public async Task<int?> SendAsync(long chat, string html, ReplyMarkup? markup, int? replyTo, CancellationToken cancellationToken) =>
        (await bot.SendAsync(chat, Fit(html), replyTo, markup, "answer a staff command", cancellationToken))?.MessageId;

    /// <summary>Sends a message once, for a caller that keeps it due and retries it itself (<see cref="DraftAnnouncer"/>).</summary>
    public async Task<int?> SendOnceAsync(long chat, string html, ReplyMarkup? markup, int? replyTo, CancellationToken cancellationToken) =>
        (await bot.SendAsync(chat, Fit(html), replyTo, markup, "tell the staff chat", cancellationToken, retryBudget: TimeSpan.Zero))?.MessageId;

    /// <summary>A question answered by replying to it: ForceReply, selective, so in the staff chat only the asker's keyboard opens.</summary>
    public Task<int?> AskAsync(long chat, string html, int? replyTo, CancellationToken cancellationToken) =>
        SendAsync(chat, html, new ForceReplyMarkup { Selective = true, InputFieldPlaceholder = "Reply here" }, replyTo, cancellationToken);

    /// <summary>Replaces a message's text (and its buttons: none when <paramref name="keyboard"/> is null).</summary>
    public async Task EditAsync(long chat, int messageId, string html, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken)
    {
        try
        {
            await bot.RetryAsync((client, ct) => client.EditMessageText(chat, messageId, Fit(html), ParseMode.Html, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, replyMarkup: keyboard, cancellationToken: ct), cancellationToken);
        }
        catch (RequestException ex)
        {
            logger.LogDebug("Could not edit a staff message: {Error}", ex.Message);
        }
    }

    public async Task EditKeyboardAsync(long chat, int messageId, InlineKeyboardMarkup keyboard, CancellationToken cancellationToken)
    {
        try
        {
            await bot.RetryAsync((client, ct) => client.EditMessageReplyMarkup(chat, messageId, keyboard, cancellationToken: ct), cancellationToken);
        }
        catch (RequestException ex)
        {
            logger.LogDebug("Could not redraw a staff keyboard: {Error}", ex.Message);
        }
    }

    /// <summary>Always answered, or the button keeps spinning on the user's screen.</summary>
    public async Task AnswerAsync(string callbackId, string? text, CancellationToken cancellationToken)
    {
        try
        {
            await bot.RetryAsync((client, ct) => client.AnswerCallbackQuery(callbackId, text, cancellationToken: ct), cancellationToken);
        }
        catch (RequestException ex)
        {
            logger.LogWarning("Telegram did not take the answer to a staff button: {Error}", ex.Message);
        }
    }

    /// <summary>Cut at a line end: every tag this bot writes opens and closes on one line, so the HTML stays whole.</summary>
    private static string Fit(string html)
    {
        if (html.Length <= MaxMessageLength)
        {
            return html;
        }

        var cut = html.LastIndexOf('\n', MaxMessageLength - 2);
        return cut > 0 ? html[..cut] + "\n…" : "(too long to show)";
    }
}
