using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Telegram;
using StatusHub.Markdown;
using StatusHub.Staff.Telegram;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Text;
using global::Telegram.Bot;
using global::Telegram.Bot.Exceptions;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;

namespace StatusHub.Conversations;

/// <summary>
/// Brings each customer's message to the staff chat, with where to answer and the incident the customer was looking at.
/// A message stays due until Telegram took it: while Telegram is down or the staff chat is not configured it waits, and
/// failed attempts back off (<see cref="Backoff"/>), so nothing is lost. The forward's message id is kept, so a staff
/// member's reply to it answers the customer.
/// </summary>
public sealed class ConversationForwarder(
    LiteStore store,
    TelegramStaff staff,
    TelegramClients clients,
    IOptionsMonitor<TelegramOptions> telegram,
    IOptions<StatusPageOptions> page,
    TimeProvider time,
    ILogger<ConversationForwarder> logger) : BackgroundService
{
    /// <summary>How often due messages are looked for when nothing wakes the loop (a backoff ending, configuration changing).</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    private const int Batch = 20;
    private bool _loggedNoStaffChat;

    /// <summary>One round: forwards what is due now; returns how many went.</summary>
    public async Task<int> ForwardDueAsync(CancellationToken cancellationToken)
    {
        if (staff.StaffChatId() is not { } chat || string.IsNullOrWhiteSpace(telegram.CurrentValue.BotToken))
        {
            if (!_loggedNoStaffChat && AnyDue())
            {
                logger.LogWarning("Customers' messages wait to be forwarded: set Telegram:BotToken and Telegram:StaffChatId. They are on the Conversations page meanwhile.");
                _loggedNoStaffChat = true;
            }

            return 0;
        }

        _loggedNoStaffChat = false;
        var now = Now();
        var due = store.Collection<ConversationMessage>().Find(m => m.ForwardDue && m.NextForwardAt <= now).OrderBy(m => m.At).Take(Batch).ToList();
        var sent = 0;
        foreach (var message in due)
        {
            if (store.Collection<Conversation>().FindById(message.ConversationId) is not { } conversation)
            {
                continue;
            }

            try
            {
                var forward = await clients.For(TelegramChannel.HttpClientName).SendMessage(
                    chat,
                    Text(conversation, message),
                    ParseMode.Html,
                    linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
                    cancellationToken: cancellationToken);
                Record(message, m => m with { ForwardDue = false, ForwardedChatId = forward.Chat.Id, ForwardedMessageId = forward.MessageId, ForwardError = null });
                sent++;
            }
            catch (Exception ex) when (ex is ApiRequestException or RequestException)
            {
                var attempts = message.ForwardAttempts + 1;
                var retryAfter = (ex as ApiRequestException)?.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
                var wait = Backoff.Delay(attempts, retryAfter);
                logger.LogWarning("Could not forward a customer's message to the staff chat (attempt {Attempts}, next in {Wait}): {Error}", attempts, wait, ex.Message);
                Record(message, m => m with { ForwardAttempts = attempts, NextForwardAt = Now() + wait, ForwardError = ex.Message });
                // Telegram is likely down for the rest of the batch too.
                break;
            }
        }

        return sent;
    }

    /// <summary>The forward, in Telegram's HTML with everything the customer typed escaped.</summary>
    public string Text(Conversation conversation, ConversationMessage message)
    {
        var header = $"📨 <b>Customer's message</b> from {HtmlText.Escape(conversation.ReplyAddress)}" + (conversation.Name is { } name ? $" ({HtmlText.Escape(name)})" : "");
        var about = conversation.IncidentTitle is { } title
            ? $"\nLooking at: {(string.IsNullOrWhiteSpace(page.Value.PublicUrl) ? HtmlText.Escape(title) : $"<a href=\"{HtmlText.Escape($"{page.Value.BaseUrl}/incidents/{conversation.IncidentId}")}\">{HtmlText.Escape(title)}</a>")}"
            : "";
        var html = $"{header}{about}\n\n{HtmlText.Escape(message.Text)}\n\n<i>Reply to this message to answer.</i>";
        return ChannelMarkdown.CutTelegramHtml(html, Channels.Templates.MessageRenderer.TelegramLimit);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new SignalledLoop(store, ConversationService.ReceivedSignal, Poll, time, logger, "Forwarding customers' messages failed").RunAsync(ForwardDueAsync, stoppingToken);

    private bool AnyDue() => store.Collection<ConversationMessage>().Exists(m => m.ForwardDue);

    /// <summary>Writes the outcome unless the conversation was deleted meanwhile (retention): a deleted message stays deleted.</summary>
    private void Record(ConversationMessage message, Func<ConversationMessage, ConversationMessage> change) =>
        store.Write(
            scope =>
            {
                if (scope.Collection<ConversationMessage>().FindById(message.Id) is { } current)
                {
                    scope.Update(change(current), "The customer's message");
                }
            },
            affectsStatusPage: false);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
