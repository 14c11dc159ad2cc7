using System.Globalization;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using global::Telegram.Bot;
using global::Telegram.Bot.Exceptions;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;

namespace StatusHub.Channels.Telegram;

/// <summary>
/// Posts to the announcement channel and the discussion group. Later notices about the same incident reply
/// to the first post so each chat reads as a timeline; a new incident's post is pinned in the channel and
/// unpinned when the incident is resolved.
/// </summary>
public sealed class TelegramChannel(IOptionsMonitor<TelegramOptions> options, TelegramClients clients, TelegramChatMoves moves, ILogger<TelegramChannel> logger)
    : INotificationChannel
{
    public const string HttpClientName = "telegram";

    public string Name => ChannelNames.Telegram;

    public string? ConfigurationProblem => options.CurrentValue.Problem();

    public ChannelLimits Limits => new(Concurrency: 4, PerSecond: options.CurrentValue.PerSecond, PerTargetPerMinute: options.CurrentValue.PerChatPerMinute);

    public bool ThreadsReplies => true;

    /// <summary>Everything people read (component status webhooks are for machines); of personal messages only answers, into the customer's chat with the bot.</summary>
    public bool Carries(NotificationEvent notificationEvent) =>
        notificationEvent != NotificationEvent.ComponentUpdated && (!notificationEvent.IsPersonal() || notificationEvent.IsAnswer());

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (!TelegramOptions.IsChatId(message.Delivery.Target))
        {
            return new SendResult.Permanent($"'{message.Delivery.Target}' is not a Telegram chat id (a number such as -1001234567890, or @name).");
        }

        var client = Client();
        var chatId = moves.Current(message.Delivery.Target);
        var chat = ParseChat(chatId);
        var replyTo = int.TryParse(message.ThreadExternalId, NumberStyles.None, CultureInfo.InvariantCulture, out var root) ? root : (int?)null;
        try
        {
            var sent = await client.SendMessage(
                chat,
                message.Content.Text,
                ParseMode.Html,
                replyParameters: replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
                linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
                cancellationToken: cancellationToken);
            await PinOrUnpinAsync(client, chat, message, sent.MessageId, replyTo, cancellationToken);
            return new SendResult.Sent(sent.MessageId.ToString(CultureInfo.InvariantCulture));
        }
        catch (ApiRequestException ex)
        {
            // The group became a supergroup: post there now (once; the move is remembered for every later post).
            if (ex.Parameters?.MigrateToChatId is { } movedTo && moves.Record(chatId, movedTo))
            {
                return await SendAsync(message, cancellationToken);
            }

            return Classify(ex);
        }
        catch (RequestException ex)
        {
            return new SendResult.Transient($"Telegram unreachable: {Text.ExceptionText.Describe(ex)}", ChannelWide: true);
        }
    }

    public static SendResult Classify(ApiRequestException ex) => ex.ErrorCode switch
    {
        429 => new SendResult.Transient($"429 {ex.Message}", ex.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null),
        >= 500 => new SendResult.Transient($"{ex.ErrorCode} {ex.Message}"),
        // The Bot API answers a wrong or revoked token with 401 (or 404 for a malformed one): that is the bot, not the
        // chat, so no chat is marked failing; it is retried like an outage until the token is fixed.
        401 or 404 => new SendResult.Transient($"{ex.ErrorCode} {ex.Message}: the Bot API refuses the bot token, check Telegram:BotToken", ChannelWide: true),
        // A message Telegram cannot take (its HTML, its length) says nothing about the chat: the next notice may well go.
        400 when RefusesTheMessage(ex.Message) => new SendResult.Permanent($"{ex.ErrorCode} {ex.Message}", MessageOnly: true),
        // 400 chat not found, 403 bot blocked or kicked: the same request to this chat will never succeed.
        _ => new SendResult.Permanent($"{ex.ErrorCode} {ex.Message}"),
    };

    /// <summary>The Bot API's words for a refused message, as opposed to a refused chat ("chat not found", "not enough rights").</summary>
    private static bool RefusesTheMessage(string description) =>
        description.Contains("parse entities", StringComparison.OrdinalIgnoreCase) ||
        description.Contains("message is too long", StringComparison.OrdinalIgnoreCase) ||
        description.Contains("text is empty", StringComparison.OrdinalIgnoreCase) ||
        description.Contains("text must be non-empty", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The announcement channel pins the live incident. The message is out by now, so pin trouble of any kind
    /// (even a dropped connection) is only logged: failing the delivery would post the message a second time.
    /// </summary>
    private async Task PinOrUnpinAsync(ITelegramBotClient client, ChatId chat, OutgoingMessage message, int sentId, int? rootId, CancellationToken cancellationToken)
    {
        if (!string.Equals(message.Delivery.Target, options.CurrentValue.ChannelChatId?.Trim(), StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            switch (message.Notification.Event)
            {
                // An incident first announced by an update (opened silently) is pinned from that post on.
                case NotificationEvent.IncidentCreated:
                case NotificationEvent.IncidentUpdated when rootId is null:
                    await client.PinChatMessage(chat, sentId, disableNotification: true, cancellationToken: cancellationToken);
                    break;
                case NotificationEvent.IncidentResolved when rootId is { } pinned:
                    await client.UnpinChatMessage(chat, pinned, cancellationToken: cancellationToken);
                    break;
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Telegram message {MessageId} went out to {Chat} but could not be pinned or unpinned: {Error}", sentId, message.Delivery.Target, ex.Message);
        }
    }

    private ITelegramBotClient Client() => clients.For(HttpClientName);

    public static ChatId ParseChat(string target) =>
        long.TryParse(target, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? new ChatId(id) : new ChatId(target);
}
