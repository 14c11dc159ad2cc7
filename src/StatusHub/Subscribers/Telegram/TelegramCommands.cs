using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Telegram;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;
using StatusHub.Localization;
using StatusHub.Staff.Telegram;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Text;
using global::Telegram.Bot;
using global::Telegram.Bot.Exceptions;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;
using global::Telegram.Bot.Types.ReplyMarkups;

namespace StatusHub.Subscribers.Telegram;

/// <summary>
/// What the bot does with an update. In a private chat: /start, /components (with its keyboard), /status,
/// /stop and /help. In the discussion group only /status, for anyone. Everything else is ignored.
/// Nothing a user typed is ever echoed back.
/// </summary>
public sealed class TelegramCommands(
    TelegramBotConnection bot,
    SubscriberService subscribers,
    OutboxStore outbox,
    TelegramStartTokens startTokens,
    StatusSnapshotService snapshots,
    IOptions<StatusPageOptions> page,
    TelegramChatMoves moves,
    TelegramUpdateCursors cursors,
    TelegramStaff staff,
    IEnumerable<ITelegramUpdateHandler> handlers,
    TimeProvider time,
    ILogger<TelegramCommands> logger)
{
    /// <summary>Longer text is no command of ours; it is not parsed at all.</summary>
    public const int MaxCommandLength = 256;

    /// <summary>The command list in English (staff's help repeats it); subscribers read it in their language (<see cref="Words"/>).</summary>
    public const string HelpText =
        "/start – get status notices in this chat\n" +
        "/components – choose the components you follow\n" +
        "/status – the current status\n" +
        "/stop – stop notices and forget this chat\n" +
        "/help – this list";

    /// <summary>The answer to /start while the channel cannot post (a bot set up for staff only): no promise it cannot keep.</summary>
    public const string NoNotices = "This bot sends no status notices. /status shows the current status.";

    private const string ToggleAll = "t:*";
    private const string TogglePrefix = "t:";

    /// <summary>Anyone can ask in the group: at most one answer per this much time keeps the group readable and under Telegram's 20 a minute.</summary>
    public static readonly TimeSpan GroupStatusCooldown = TimeSpan.FromSeconds(15);

    private long _lastGroupAnswerTicks = long.MinValue / 2;

    private readonly ITelegramUpdateHandler[] _handlers = [.. handlers.OrderBy(h => h.Order)];

    /// <summary>
    /// Handles <paramref name="update"/> unless it was handled before, even before a restart: Telegram redelivers a webhook
    /// update it got no answer to, and a poll repeats what no offset confirmed.
    /// </summary>
    public Task HandleAsync(Update update, CancellationToken cancellationToken) =>
        cursors.HandleOnceAsync(update.Id, ct => HandleNewAsync(update, ct), cancellationToken);

    private async Task HandleNewAsync(Update update, CancellationToken cancellationToken)
    {
        try
        {
            await OfferAsync(update, cancellationToken);
        }
        catch (ReadOnlyException ex)
        {
            // The one place a write the store refused in read-only mode becomes an answer in Telegram, staff command or not.
            await AnswerReadOnlyAsync(update, ex.State, cancellationToken);
        }
    }

    /// <summary>
    /// Linked staff read the whole sentence (who switched it on, why, since when); anyone else a polite one in their
    /// language that names no one and no reason, as the public pages do.
    /// </summary>
    private async Task AnswerReadOnlyAsync(Update update, ReadOnlyState state, CancellationToken cancellationToken)
    {
        var (from, chat) = (update.CallbackQuery?.From ?? update.Message?.From, update.CallbackQuery?.Message?.Chat ?? update.Message?.Chat);
        var sentence = from is not null && staff.FindLinked(from.Id) is not null
            ? state.Sentence
            : Words((chat?.Id ?? from?.Id ?? 0).ToString(CultureInfo.InvariantCulture), from).Get("bot.read_only");
        if (update.CallbackQuery is { } query)
        {
            // A button's answer holds at most 200 characters.
            await AnswerAsync(query.Id, Text.Ellipsis.Shorten(sentence, 200), cancellationToken);
        }
        else if (chat is not null)
        {
            await SendAsync(chat.Id, HtmlText.Escape(sentence), null, null, cancellationToken);
        }
    }

    private async Task OfferAsync(Update update, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            if (await handler.TryHandleAsync(update, cancellationToken))
            {
                return;
            }
        }

        if (update.Message is { MigrateFromChatId: { } from } upgraded)
        {
            // Telegram's own service message in the supergroup the discussion group became.
            OnGroupMoved(from, upgraded.Chat);
        }
        else if (update.Message is { Text: { } text, From.IsBot: false } message)
        {
            await OnMessageAsync(message, text, cancellationToken);
        }
        else if (update.CallbackQuery is { } callback)
        {
            await OnCallbackAsync(callback, cancellationToken);
        }
    }

    private async Task OnMessageAsync(Message message, string text, CancellationToken cancellationToken)
    {
        var command = text.Length <= MaxCommandLength ? await TelegramCommandLine.ParseAsync(text, bot.UsernameAsync, cancellationToken) : null;
        if (message.Chat.Type == ChatType.Private)
        {
            var chatId = message.Chat.Id.ToString(CultureInfo.InvariantCulture);
            var words = Words(chatId, message.From);
            if (command?.Name == "components" && bot.Options.Problem() is null)
            {
                await ShowComponentsAsync(message.Chat.Id, chatId, words, cancellationToken);
                return;
            }

            string reply;
            try
            {
                reply = command?.Name switch
                {
                    "start" when bot.Options.Problem() is not null => words.Get("bot.no_notices"),
                    "start" => Start(chatId, command.Argument, words),
                    "status" => StatusText(words),
                    "stop" => Stop(chatId, words),
                    _ => words.Get("bot.commands") + "\n" + words.Get("bot.help"),
                };
            }
            catch (Exception ex) when (ex is ValidationException or NotFoundException)
            {
                // A component deleted between reading and writing, say: our own sentence, safe to show.
                reply = HtmlText.Escape(ex.Message);
            }

            await SendAsync(message.Chat.Id, reply, null, null, cancellationToken);
        }
        else if (IsDiscussionGroup(message.Chat) && command?.Name == "status" && TakeGroupTurn())
        {
            await SendAsync(message.Chat.Id, StatusText(new BotWords(PageLanguage)), null, message.MessageId, cancellationToken);
        }
    }

    private bool TakeGroupTurn()
    {
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastGroupAnswerTicks);
        return now - last >= GroupStatusCooldown.Ticks && Interlocked.CompareExchange(ref _lastGroupAnswerTicks, now, last) == last;
    }

    private string Start(string chatId, string? token, BotWords words)
    {
        var chosen = token is { Length: > 0 } ? startTokens.Redeem(token) : null;
        var stale = token is { Length: > 0 } && chosen is null ? words.Get("bot.stale_link") + "\n\n" : "";
        var existing = subscribers.Find(ChannelNames.Telegram, chatId);
        var (all, componentIds) = Usable(chosen);
        if (existing is { State: SubscriberState.Active })
        {
            // Telegram delivers nothing from a chat that blocked the bot: this /start says the block is lifted.
            outbox.Reachable(ChannelNames.Telegram, chatId, Actor(chatId));
            if (chosen is null)
            {
                return stale + words.Format("bot.already", Following(existing, words));
            }

            return words.Format("bot.now_follows", Following(subscribers.SetComponents(existing.Id, all, componentIds, Actor(chatId)), words));
        }

        // The Telegram app's language is the page they signed up on: kept for every notice this chat gets.
        subscribers.AddConfirmed(ChannelNames.Telegram, chatId, all, componentIds, Actor(chatId), words.Language);
        return stale + words.Format("bot.subscribed", Following(subscribers.Find(ChannelNames.Telegram, chatId)!, words)) +
            $"{(all ? words.Get("bot.narrow") : "")}\n\n{words.Get("bot.help")}";
    }

    private string Stop(string chatId, BotWords words) =>
        subscribers.Remove(Subscriber.KeyFor(ChannelNames.Telegram, chatId), Actor(chatId))
            ? words.Get("bot.unsubscribed")
            : words.Get("bot.not_subscribed");

    /// <summary>The language the bot answers this chat in (<see cref="BotWords.For"/>).</summary>
    private BotWords Words(string chatId, User? from) => BotWords.For(subscribers.Find(ChannelNames.Telegram, chatId), from, PageLanguage);

    private string PageLanguage => Languages.Normalize(page.Value.Language) ?? Languages.Default;

    /// <summary>Who the audit log names: the chat masked, so nothing of the person outlives their leaving.</summary>
    private static string Actor(string chatId) => SubscriberAddresses.Mask(ChannelNames.Telegram, chatId);

    /// <summary>The overall status and every unresolved incident, in Telegram's HTML with every string escaped.</summary>
    private string StatusText(BotWords words)
    {
        var snapshot = snapshots.Current;
        var url = page.Value.PublicUrl?.TrimEnd('/');
        var text = new StringBuilder($"<b>{HtmlText.Escape(PublicText.For(words.Language).Overall(snapshot.Overall.Indicator))}</b>");
        if (snapshot.Unresolved.Count > 0)
        {
            text.Append("\n\n" + words.Get("bot.unresolved"));
            foreach (var incident in snapshot.Unresolved)
            {
                var title = HtmlText.Escape(incident.Title);
                text.Append("\n• ")
                    .Append(string.IsNullOrEmpty(url) ? title : $"<a href=\"{HtmlText.Escape($"{url}/incidents/{Uri.EscapeDataString(incident.Id)}")}\">{title}</a>")
                    .Append(" – ").Append(HtmlText.Escape(words.Get($"incident.{incident.Status.ToWire()}")));
            }
        }

        if (!string.IsNullOrEmpty(url))
        {
            text.Append($"\n\n{HtmlText.Escape(url)}");
        }

        return text.ToString();
    }

    private async Task ShowComponentsAsync(long chat, string chatId, BotWords words, CancellationToken cancellationToken)
    {
        if (subscribers.Find(ChannelNames.Telegram, chatId) is not { State: SubscriberState.Active } subscriber)
        {
            await SendAsync(chat, words.Get("bot.not_subscribed"), null, null, cancellationToken);
            return;
        }

        await SendAsync(chat, words.Get("bot.tap"), Keyboard(subscriber, words), null, cancellationToken);
    }

    private async Task OnCallbackAsync(CallbackQuery callback, CancellationToken cancellationToken) =>
        await AnswerAsync(callback.Id, await ToggleAsync(callback, cancellationToken), cancellationToken);

    private async Task AnswerAsync(string callbackId, string? answer, CancellationToken cancellationToken)
    {
        try
        {
            // Always answered, or the button keeps spinning on the user's screen.
            await bot.RetryAsync((client, ct) => client.AnswerCallbackQuery(callbackId, answer, cancellationToken: ct), cancellationToken);
        }
        catch (RequestException ex)
        {
            logger.LogWarning("Telegram did not take the answer to a button press: {Error}", ex.Message);
        }
    }

    /// <summary>Applies a keyboard tap and redraws the ticks; returns the short note shown to the user.</summary>
    private async Task<string?> ToggleAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        if (callback.Message is not { Chat.Type: ChatType.Private } message || callback.Data is not { } data || !data.StartsWith(TogglePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var chatId = message.Chat.Id.ToString(CultureInfo.InvariantCulture);
        var words = Words(chatId, callback.From);
        if (subscribers.Find(ChannelNames.Telegram, chatId) is not { State: SubscriberState.Active } subscriber)
        {
            return words.Get("bot.not_subscribed_any_more");
        }

        var snapshot = snapshots.Current;
        string note;
        try
        {
            if (data == ToggleAll)
            {
                subscriber = subscribers.SetComponents(subscriber.Id, true, null, Actor(chatId));
                note = words.Get("bot.following_all");
            }
            else
            {
                var id = data[TogglePrefix.Length..];
                if (!snapshot.ComponentsById.TryGetValue(id, out var component))
                {
                    return words.Get("bot.gone");
                }

                var followed = subscriber.AllComponents ? OrderedComponents(snapshot).Select(c => c.Id).ToList() : [.. subscriber.ComponentIds];
                var following = !followed.Remove(id);
                if (following)
                {
                    followed.Add(id);
                }

                if (followed.Count == 0)
                {
                    return words.Get("bot.at_least_one");
                }

                subscriber = subscribers.SetComponents(subscriber.Id, false, followed, Actor(chatId));
                note = words.Format(following ? "bot.following" : "bot.not_following", component.Name);
            }
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            return ex.Message;
        }

        try
        {
            await bot.RetryAsync((client, ct) => client.EditMessageReplyMarkup(message.Chat.Id, message.MessageId, Keyboard(subscriber, words), cancellationToken: ct), cancellationToken);
        }
        catch (RequestException ex)
        {
            // "message is not modified" after a double tap, or an old keyboard: the choice is saved either way.
            logger.LogDebug("Could not redraw a component keyboard: {Error}", ex.Message);
        }

        return note;
    }

    private InlineKeyboardMarkup Keyboard(Subscriber subscriber, BotWords words)
    {
        var rows = OrderedComponents(snapshots.Current)
            .Select(c => new[] { InlineKeyboardButton.WithCallbackData(Tick(!subscriber.AllComponents && subscriber.ComponentIds.Contains(c.Id)) + c.Name, TogglePrefix + c.Id) })
            .Append([InlineKeyboardButton.WithCallbackData(Tick(subscriber.AllComponents) + words.Get("bot.all_components_button"), ToggleAll)]);
        return new InlineKeyboardMarkup(rows);
    }

    private static string Tick(bool on) => on ? "✅ " : "▫️ ";

    private static IEnumerable<StatusComponents.StatusComponent> OrderedComponents(StatusSnapshot snapshot) =>
        snapshot.Groups.SelectMany(g => g.Components);

    /// <summary>A token's choice, minus components deleted since; with none left, everything.</summary>
    private (bool All, List<string> ComponentIds) Usable(TelegramStartToken? chosen)
    {
        var existing = chosen?.ComponentIds.Where(snapshots.Current.ComponentsById.ContainsKey).ToList() ?? [];
        return chosen is { AllComponents: false } && existing.Count > 0 ? (false, existing) : (true, []);
    }

    private string Following(Subscriber subscriber, BotWords words) =>
        subscriber.AllComponents ? words.Get("bot.all_components") : HtmlText.Escape(snapshots.Current.ComponentNames(subscriber.ComponentIds));

    private bool IsDiscussionGroup(Chat chat)
    {
        var group = bot.Options.GroupChatId?.Trim();
        return chat.Type is ChatType.Group or ChatType.Supergroup && group is { Length: > 0 } &&
            (group[0] == '@'
                ? string.Equals(group[1..], chat.Username, StringComparison.OrdinalIgnoreCase)
                : moves.Current(group) == chat.Id.ToString(CultureInfo.InvariantCulture));
    }

    private void OnGroupMoved(long from, Chat to)
    {
        var group = bot.Options.GroupChatId?.Trim();
        if (group is { Length: > 0 } && moves.Current(group) == from.ToString(CultureInfo.InvariantCulture))
        {
            moves.Record(from.ToString(CultureInfo.InvariantCulture), to.Id);
        }
    }

    private Task SendAsync(long chat, string html, InlineKeyboardMarkup? keyboard, int? replyTo, CancellationToken cancellationToken) =>
        bot.AnswerAsync(chat, html, replyTo, keyboard, cancellationToken);

}
