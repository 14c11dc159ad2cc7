using Microsoft.Extensions.Options;
using StatusHub.Channels.Telegram;
using global::Telegram.Bot;
using global::Telegram.Bot.Exceptions;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;
using global::Telegram.Bot.Types.ReplyMarkups;

namespace StatusHub.Subscribers.Telegram;

/// <summary>The bot's own client (its long polls must not share the channel's shorter timeout) and its @username for t.me links.</summary>
public sealed class TelegramBotConnection(IOptionsMonitor<TelegramOptions> options, TelegramClients clients, ILogger<TelegramBotConnection> logger)
{
    public const string HttpClientName = "telegram-bot";

    private (string Token, string Username)? _username;

    public TelegramOptions Options => options.CurrentValue;

    public ITelegramBotClient Client() => clients.For(HttpClientName);

    /// <summary>Telegram:BotUsername, else what getMe says (asked once per token); null while Telegram cannot be reached.</summary>
    public async Task<string?> UsernameAsync(CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (!string.IsNullOrWhiteSpace(current.BotUsername))
        {
            return current.BotUsername.Trim().TrimStart('@');
        }

        if (_username is { } known && known.Token == current.BotToken)
        {
            return known.Username;
        }

        try
        {
            var me = await Client().GetMe(cancellationToken);
            if (me.Username is not { Length: > 0 } username)
            {
                return null;
            }

            _username = (current.BotToken!, username);
            return username;
        }
        catch (Exception ex) when (ex is ApiRequestException or RequestException)
        {
            logger.LogWarning("Could not ask Telegram for the bot's username (getMe): {Error}. Set Telegram:BotUsername to skip the question.", ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Answers in a chat, in Telegram's HTML (every value in it escaped by the caller), without a link preview, under
    /// <paramref name="replyTo"/> when given. An answer Telegram does not take is logged, not thrown: the update is handled.
    /// </summary>
    public async Task AnswerAsync(long chat, string html, int? replyTo, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken)
    {
        try
        {
            await Client().SendMessage(
                chat,
                html,
                ParseMode.Html,
                replyParameters: replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
                replyMarkup: keyboard,
                linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
                cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is ApiRequestException or RequestException)
        {
            logger.LogWarning("The Telegram bot could not answer in a chat: {Error}", ex.Message);
        }
    }
}
