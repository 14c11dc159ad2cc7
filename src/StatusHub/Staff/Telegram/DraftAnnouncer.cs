using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Telegram;
using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Text;
using StatusHub.Time;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.ReplyMarkups;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// Tells the staff chat about each new draft incident (what fired, since when, the suggested title, impact and first
/// update, with Publish / Edit / Dismiss for any linked staff member), each note on an open incident, and each resolve
/// suggestion. An announcement stays due until Telegram took it: while Telegram is down or no staff chat is set it
/// waits and retries with backoff, so a draft made meanwhile is announced later.
/// </summary>
public sealed class DraftAnnouncer(
    LiteStore store,
    IncidentSuggestions suggestions,
    IncidentService incidents,
    ComponentService components,
    StaffBot bot,
    TelegramStaff staff,
    IOptionsMonitor<TelegramOptions> telegram,
    TimeProvider time,
    ILogger<DraftAnnouncer> logger) : BackgroundService
{
    public const string DismissAction = "staff.draft_dismiss";

    /// <summary>Draft buttons stay usable as long as a draft is likely to wait for someone.</summary>
    public static readonly TimeSpan ButtonLifetime = TimeSpan.FromDays(7);

    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    /// <summary>One round: announces what is due; returns how many Telegram took.</summary>
    public async Task<int> AnnounceDueAsync(CancellationToken cancellationToken)
    {
        // One round at a time: two at once (the loop and a caller) would both send the same due draft.
        await _turn.WaitAsync(cancellationToken);
        try
        {
            return await AnnounceDueOnceAsync(cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    private readonly SemaphoreSlim _turn = new(1, 1);

    private async Task<int> AnnounceDueOnceAsync(CancellationToken cancellationToken)
    {
        if (staff.StaffChatId() is not { } chat || string.IsNullOrWhiteSpace(telegram.CurrentValue.BotToken))
        {
            return 0;
        }

        var sent = 0;
        foreach (var suggestion in suggestions.AnnouncementsDue(20))
        {
            if (suggestion.DecisionAnnounceDue)
            {
                // Telling the chat's message is a courtesy: a refused edit is not retried.
                await bot.EditAsync(chat, suggestion.AnnouncedMessageId!.Value, DecisionMessage(suggestion), null, cancellationToken);
                suggestions.Announced(suggestion.Id, s => s with { DecisionAnnounceDue = false });
                sent++;
                continue;
            }

            var resolve = !suggestion.AnnounceDue;
            var (html, keyboard) = resolve ? ResolveMessage(suggestion) : Message(suggestion);
            var id = await bot.SendOnceAsync(chat, html, keyboard, resolve ? suggestion.AnnouncedMessageId : null, cancellationToken);
            if (id is null)
            {
                var attempts = suggestion.AnnounceAttempts + 1;
                var wait = Backoff.Delay(attempts);
                logger.LogWarning("Could not tell the staff chat about draft incident {Id} (attempt {Attempts}, next in {Wait})", suggestion.Id, attempts, wait);
                suggestions.Announced(suggestion.Id, s => s with { AnnounceAttempts = attempts, NextAnnounceAt = Now() + wait });
                // Telegram is likely down for the rest of the batch too.
                break;
            }

            suggestions.Announced(suggestion.Id, s => resolve
                ? s with { ResolveAnnounceDue = false, AnnounceAttempts = 0 }
                : s with { AnnounceDue = false, AnnouncedMessageId = id, AnnounceAttempts = 0 });
            sent++;
        }

        return sent;
    }

    /// <summary>Dismiss on a draft's message: any linked staff member, once; audited under their account.</summary>
    public async Task DismissAsync(TelegramCallback button, StaffAccount account, CallbackQuery query, CancellationToken cancellationToken)
    {
        IncidentSuggestion dismissed;
        try
        {
            dismissed = suggestions.Dismiss(button.Payload, account.Email);
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            await bot.AnswerAsync(query.Id, ex.Message, cancellationToken);
            return;
        }

        await bot.AnswerAsync(query.Id, "Dismissed: nothing was published.", cancellationToken);
        if (query.Message is { } message)
        {
            await bot.EditAsync(message.Chat.Id, message.MessageId, DecisionMessage(dismissed), null, cancellationToken);
        }
    }

    public (string Html, InlineKeyboardMarkup? Keyboard) Message(IncidentSuggestion suggestion)
    {
        var facts = $"What fired: {HtmlText.Escape(suggestion.Details)}\nSince: {UtcText.Format(suggestion.FiringSince.ToUniversalTime())}\n" +
                    $"Impact: {suggestion.Impact.ToWire()} · components: {HtmlText.Escape(Names(suggestion.ComponentIds))}";
        if (suggestion.State == SuggestionState.OnIncident && suggestion.IncidentId is { } incidentId)
        {
            var incident = incidents.Find(incidentId);
            var html = $"🔔 <b>Alert on an open incident</b> “{HtmlText.Escape(incident?.Title ?? incidentId)}”, from {HtmlText.Escape(suggestion.Source)}\n{facts}\n\n<i>Noted for staff only; nothing was posted.</i>";
            return (html, new InlineKeyboardMarkup(new[] { bot.Button("Post an update…", StaffListCommands.StartAction, $"update|{incidentId}", null, ButtonLifetime) }));
        }

        var text = $"🚨 <b>Draft incident</b> — suggested by {HtmlText.Escape(suggestion.Source)}\n{facts}\n" +
                   $"Title: <b>{HtmlText.Escape(suggestion.Title)}</b>\nFirst update: {HtmlText.Escape(Ellipsis.Shorten(suggestion.FirstUpdate, 1_000))}\n\n" +
                   "Nothing is public until someone taps <b>Publish</b> (a preview comes first).";
        var keyboard = new InlineKeyboardMarkup(new[]
        {
            bot.Button("✅ Publish…", StaffListCommands.StartAction, $"draft|{suggestion.Id}", null, ButtonLifetime),
            bot.Button("✏️ Edit…", StaffListCommands.StartAction, $"draft|{DraftForm.EditPrefix}{suggestion.Id}", null, ButtonLifetime),
            bot.Button("🗑 Dismiss", DismissAction, suggestion.Id, null, ButtonLifetime),
        });
        return (text, keyboard);
    }

    /// <summary>What the draft's message says once someone decided: who, where (when not in the chat), and for a dismissal how long it is muted.</summary>
    public static string DecisionMessage(IncidentSuggestion draft)
    {
        var who = $"{HtmlText.Escape(draft.DecidedBy ?? "someone")}{(draft.DecidedVia is { } via ? " " + HtmlText.Escape(via) : "")}";
        return draft.State == SuggestionState.Published
            ? $"✅ Draft “{HtmlText.Escape(draft.Title)}” published by {who}."
            : $"🗑 Draft “{HtmlText.Escape(draft.Title)}” dismissed by {who}: nothing was published." +
              (draft.MutedUntil is { } until ? $" Muted until {UtcText.Format(until.ToUniversalTime())} or until its alert resolves." : "");
    }

    private (string Html, InlineKeyboardMarkup? Keyboard) ResolveMessage(IncidentSuggestion suggestion)
    {
        var about = suggestion.IncidentId is { } id ? $"incident “{HtmlText.Escape(incidents.Find(id)?.Title ?? id)}”" : $"draft “{HtmlText.Escape(suggestion.Title)}”";
        var html = $"✅ <b>Resolve suggested</b> by {HtmlText.Escape(suggestion.Source)} for the {about}: the alert is over.\n<i>Nothing is resolved until staff do it.</i>";
        var button = suggestion.State == SuggestionState.Draft
            ? bot.Button("🗑 Dismiss the draft", DismissAction, suggestion.Id, null, ButtonLifetime)
            : bot.Button("Resolve…", StaffListCommands.StartAction, $"resolve|{suggestion.IncidentId}", null, ButtonLifetime);
        return (html, new InlineKeyboardMarkup(new[] { button }));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new SignalledLoop(store, IncidentSuggestions.AnnounceSignal, Poll, time, logger, "Announcing draft incidents failed").RunAsync(AnnounceDueAsync, stoppingToken);

    private string Names(IEnumerable<string> ids)
    {
        var all = components.All().ToDictionary(c => c.Id, c => c.Name);
        var names = ids.Select(id => all.GetValueOrDefault(id, id)).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
