using System.Net;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Telegram;
using global::Telegram.Bot;
using global::Telegram.Bot.Exceptions;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;
using global::Telegram.Bot.Types.ReplyMarkups;

namespace StatusHub.Subscribers.Telegram;

/// <summary>
/// The bot's own client (its long polls must not share the channel's shorter timeout), its @username for t.me links,
/// and the one way every answer of the bot goes out (<see cref="RetryAsync{T}"/>): to subscribers, customers and staff alike.
/// </summary>
public sealed class TelegramBotConnection(IOptionsMonitor<TelegramOptions> options, TelegramClients clients, TimeProvider time, ILogger<TelegramBotConnection> logger)
{
    public const string HttpClientName = "telegram-bot";

    /// <summary>How long, in all, an answer waits for Telegram to take it again after a 429, a 5xx or a dropped connection.</summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private (string Token, string Username)? _username;

    public TelegramOptions Options => options.CurrentValue;

    public ITelegramBotClient Client() => clients.For(HttpClientName);

    /// <summary>1 s, 2 s, 4 s … up to a minute; Telegram's own retry_after when it gives one.</summary>
    public static TimeSpan Backoff(int failures, Exception ex) =>
        ex is ApiRequestException { Parameters.RetryAfter: { } seconds }
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 10))));

    /// <summary>
    /// Makes a call someone is waiting on (an answer, an edit, a button's answer) and makes it again while Telegram says
    /// "later": after a 429 its retry_after, after a 5xx or an unreachable Bot API <see cref="Backoff"/>, as long as the
    /// waits add up to at most <paramref name="budget"/> (<see cref="RetryBudget"/>; zero for a caller that owns its
    /// retries). Throws what the last attempt threw; any other refusal at once.
    /// </summary>
    public async Task<T> RetryAsync<T>(Func<ITelegramBotClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken, TimeSpan? budget = null)
    {
        var waited = TimeSpan.Zero;
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await call(Client(), cancellationToken);
            }
            catch (RequestException ex) when (IsPassing(ex) && Backoff(failures, ex) is var delay && waited + delay <= (budget ?? RetryBudget))
            {
                logger.LogInformation("Telegram did not take the bot's call ({Error}); trying again in {Delay}.", ex.Message, delay);
                await Task.Delay(delay, time, cancellationToken);
                waited += delay;
            }
        }
    }

    /// <inheritdoc cref="RetryAsync{T}"/>
    public Task RetryAsync(Func<ITelegramBotClient, CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RetryAsync(async (client, ct) =>
        {
            await call(client, ct);
            return true;
        }, cancellationToken);

    /// <summary>Telegram does not take the bot's calls now, but will: a timed-out call is not one, it may have gone out.</summary>
    private static bool IsPassing(RequestException ex) => ex is ApiRequestException api
        ? api.ErrorCode is 429 or >= 500
        : ex.HttpStatusCode != HttpStatusCode.RequestTimeout;

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
    /// Sends a message in Telegram's HTML (every value in it escaped by the caller), without a link preview, under
    /// <paramref name="replyTo"/> when given, retried as <see cref="RetryAsync{T}"/> says. Returns the message, or null
    /// (logged under <paramref name="what"/>, not thrown: the update is handled) when Telegram did not take it.
    /// </summary>
    public async Task<Message?> SendAsync(long chat, string html, int? replyTo, ReplyMarkup? markup, string what, CancellationToken cancellationToken, TimeSpan? retryBudget = null)
    {
        try
        {
            return await RetryAsync(
                (client, ct) => client.SendMessage(
                    chat,
                    html,
                    ParseMode.Html,
                    replyParameters: replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
                    replyMarkup: markup,
                    linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
                    cancellationToken: ct),
                cancellationToken,
                retryBudget);
        }
        catch (RequestException ex)
        {
            logger.LogWarning("The Telegram bot could not {What}: {Error}", what, ex.Message);
            return null;
        }
    }

    /// <summary>Answers in a chat (<see cref="SendAsync"/>).</summary>
    public Task AnswerAsync(long chat, string html, int? replyTo, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        SendAsync(chat, html, replyTo, keyboard, "answer in a chat", cancellationToken);
}
