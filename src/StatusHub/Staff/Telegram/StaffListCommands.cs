using System.Globalization;
using System.Text;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Pages;
using StatusHub.Incidents;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Text;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.ReplyMarkups;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// /incidents (the unresolved ones, with Update and Resolve buttons any linked staff member can use) and /outbox (each
/// channel's queue, failing targets and dead letters, with Retry buttons: the Channels page's retry, audited as the person).
/// </summary>
public sealed class StaffListCommands(StaffBot bot, IncidentService incidents, ChannelHealthService health, OutboxReadModel outbox, TimeProvider time)
{
    public const string StartAction = "staff.start";
    public const string RetryAction = "staff.retry";
    public const int ListedIncidents = 10;
    public const int ListedDeadLetters = 5;

    /// <summary>Dead letters counted per channel; the list itself shows the newest few.</summary>
    private const int CountedDeadLetters = 1000;

    public async Task IncidentsAsync(long chat, int replyTo, CancellationToken cancellationToken)
    {
        var open = incidents.Unresolved();
        if (open.Count == 0)
        {
            await bot.SendAsync(chat, "No unresolved incidents. /incident opens one.", null, replyTo, cancellationToken);
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var text = new StringBuilder($"<b>Unresolved incidents</b> ({open.Count.ToString(CultureInfo.InvariantCulture)})");
        var rows = new List<InlineKeyboardButton[]>();
        foreach (var incident in open.Take(ListedIncidents))
        {
            text.Append("\n• <b>").Append(HtmlText.Escape(incident.Title)).Append("</b>\n   ")
                .Append(incident.Impact.ToWire()).Append(" · ").Append(incident.Status.ToWire()).Append(" · ").Append(Age(now - incident.StartedAt))
                .Append(" · id <code>").Append(HtmlText.Escape(incident.Id)).Append("</code>");
            var label = Ellipsis.Shorten(incident.Title, 24);
            rows.Add([
                bot.Button($"Update “{label}”", StartAction, $"update|{incident.Id}", null),
                bot.Button("Resolve", StartAction, $"resolve|{incident.Id}", null),
            ]);
        }

        await bot.SendAsync(chat, text.ToString(), new InlineKeyboardMarkup(rows), replyTo, cancellationToken);
    }

    public async Task OutboxAsync(long chat, long userId, int replyTo, CancellationToken cancellationToken)
    {
        var dead = outbox.DeadLetters(0, CountedDeadLetters);
        var text = new StringBuilder("<b>Outbox</b>");
        foreach (var channel in health.All())
        {
            var deadHere = dead.Count(d => d.Channel == channel.Channel);
            text.Append("\n• <b>").Append(HtmlText.Escape(channel.Label ?? PublishPanel.ChannelLabel(channel.Channel))).Append("</b>: ")
                .Append(channel.IsOn ? "on" : "off").Append(" · queue ").Append(channel.QueueLength.ToString(CultureInfo.InvariantCulture))
                .Append(" · failing targets ").Append(channel.FailingTargets.ToString(CultureInfo.InvariantCulture))
                .Append(" · dead letters ").Append(deadHere.ToString(CultureInfo.InvariantCulture));
            if (channel.LastError is { Length: > 0 } error && channel.LastFailureAt is { } failedAt)
            {
                text.Append("\n   last failure ").Append(Time.UtcText.Format(failedAt)).Append(": <i>").Append(HtmlText.Escape(Ellipsis.Shorten(error, 120))).Append("</i>");
            }
        }

        var rows = new List<InlineKeyboardButton[]>();
        if (dead.Count > 0)
        {
            text.Append("\n\n<b>Newest dead letters</b>");
        }

        foreach (var (delivery, index) in dead.Take(ListedDeadLetters).Select((d, i) => (d, i + 1)))
        {
            text.Append('\n').Append(index.ToString(CultureInfo.InvariantCulture)).Append(". ")
                .Append(HtmlText.Escape(PublishPanel.ChannelLabel(delivery.Channel))).Append(" → ").Append(HtmlText.Escape(SubscriberAddresses.Mask(delivery.Channel, delivery.Target)))
                .Append(": <i>").Append(HtmlText.Escape(Ellipsis.Shorten(delivery.LastError ?? "", 100))).Append("</i>");
            rows.Add([bot.Button($"Retry {index.ToString(CultureInfo.InvariantCulture)}", RetryAction, delivery.Id, userId)]);
        }

        await bot.SendAsync(chat, text.ToString(), rows.Count == 0 ? null : new InlineKeyboardMarkup(rows), replyTo, cancellationToken);
    }

    /// <summary>A Retry tap, already redeemed: the Channels page's retry, as the person.</summary>
    public async Task RetryAsync(TelegramCallback button, StaffAccount staff, CallbackQuery query, CancellationToken cancellationToken)
    {
        try
        {
            outbox.Retry(button.Payload, staff.Email);
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            await bot.AnswerAsync(query.Id, ex.Message, cancellationToken);
            return;
        }

        await bot.AnswerAsync(query.Id, "Queued again.", cancellationToken);
        if (query.Message is { } message)
        {
            await bot.SendAsync(message.Chat.Id, $"↻ A dead letter was queued again by {HtmlText.Escape(staff.Email)}.", null, message.MessageId, cancellationToken);
        }
    }

    private static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h" : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h {age.Minutes}m" : $"{Math.Max(0, (int)age.TotalMinutes)}m";
}
