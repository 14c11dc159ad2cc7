using StatusHub.Incidents;
using StatusHub.Subscribers.Telegram;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// The staff commands (/incident, /update, /resolve, /component, /maintenance, /endmaintenance, /cancelmaintenance,
/// /incidents, /outbox, /cancel, /help) in the staff chat or a private chat with the bot, the replies to the bot's
/// questions, and every staff ("s:") button. Only a
/// linked staff member changes anything; anyone else is refused (logged and audited) and, for a command, left to the
/// subscriber commands.
/// </summary>
public sealed class StaffTelegramCommands(
    StaffBot bot,
    TelegramStaff staff,
    TelegramCallbacks callbacks,
    StaffDialogs dialogs,
    StaffDialogFlow flow,
    StaffListCommands lists,
    DraftAnnouncer drafts) : ITelegramUpdateHandler
{
    public const string HelpText =
        "<b>Staff commands</b>\n" +
        "/incident – open an incident (from a template, or step by step)\n" +
        "/update – post an update (<code>/update ID text</code> on one line works too)\n" +
        "/resolve – resolve an incident\n" +
        "/component NAME STATUS – set a component's status\n" +
        "/maintenance – schedule maintenance\n" +
        "/endmaintenance – end maintenance under way now\n" +
        "/cancelmaintenance – cancel maintenance still to come\n" +
        "/incidents – unresolved incidents, with buttons\n" +
        "/outbox – queues, failures and dead letters, with Retry\n" +
        "/cancel – stop the command in progress\n" +
        "/whoami – which staff account you act as\n\n" +
        "Every write shows a preview first; only <b>Publish</b> sends.";

    private static readonly HashSet<string> Commands = ["incident", "update", "resolve", "component", "maintenance", "endmaintenance", "cancelmaintenance", "incidents", "outbox", "cancel"];

    public int Order => 100;

    public async Task<bool> TryHandleAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.CallbackQuery is { Data: var data } query && TelegramCallbacks.IsOurs(data))
        {
            await OnButtonAsync(query, data!, cancellationToken);
            return true;
        }

        if (update.Message is not { Text: { } text, From: { IsBot: false } from } message ||
            !(message.Chat.Type == ChatType.Private || staff.IsStaffChat(message.Chat.Id)))
        {
            return false;
        }

        if (text.StartsWith('/'))
        {
            return await OnCommandAsync(message, from, text, cancellationToken);
        }

        if (dialogs.Live(from.Id) is not { QuestionMessageId: { } question } dialog || dialog.ChatId != message.Chat.Id ||
            !(message.ReplyToMessage?.MessageId == question || message.Chat.Type == ChatType.Private))
        {
            return false;
        }

        if (staff.FindLinked(from.Id) is not { } account)
        {
            dialogs.End(from.Id);
            return false;
        }

        await flow.AnswerTextAsync(dialog, account, message, text, cancellationToken);
        return true;
    }

    private async Task<bool> OnCommandAsync(Message message, User from, string text, CancellationToken cancellationToken)
    {
        if (await TelegramCommandLine.ParseAsync(text, bot.UsernameAsync, cancellationToken) is not { } command ||
            !(Commands.Contains(command.Name) || command.Name == "help"))
        {
            return false;
        }

        var account = staff.FindLinked(from.Id);
        if (account is null)
        {
            if (command.Name != "help")
            {
                staff.Refused(from.Id, from.Username, message.Chat.Id, text);
            }

            return false;
        }

        var chat = message.Chat.Id;
        switch (command.Name)
        {
            case "help":
                var subscriberHelp = message.Chat.Type == ChatType.Private ? "\n\n<b>Subscriber commands</b>\n" + TelegramCommands.HelpText : "";
                await bot.SendAsync(chat, HelpText + subscriberHelp, null, message.MessageId, cancellationToken);
                break;
            case "incidents":
                await lists.IncidentsAsync(chat, message.MessageId, cancellationToken);
                break;
            case "outbox":
                await lists.OutboxAsync(chat, from.Id, message.MessageId, cancellationToken);
                break;
            case "cancel" when dialogs.Live(from.Id) is { } live && live.ChatId == chat:
                await flow.CancelAsync(live with { ReplyTo = message.MessageId }, null, cancellationToken);
                break;
            case "cancel" when dialogs.Live(from.Id) is { } live:
                // Started in another chat: that chat is told there (a message id of this chat means nothing in it), this one here.
                await flow.CancelAsync(live with { ReplyTo = null }, null, cancellationToken);
                await bot.SendAsync(chat, $"✖️ Your /{live.Kind} in the other chat is cancelled: nothing was published.", null, message.MessageId, cancellationToken);
                break;
            case "cancel":
                await bot.SendAsync(chat, "There is nothing to cancel.", null, message.MessageId, cancellationToken);
                break;
            default:
                await flow.StartAsync(account, from.Id, chat, message.MessageId, command.Name, Prefill(command), cancellationToken);
                break;
        }

        return true;
    }

    /// <summary>What the command line already says: "/update ID text", "/resolve ID", "/component NAME STATUS", "/endmaintenance ID".</summary>
    private Func<StaffDialog, StaffDialog>? Prefill(TelegramCommandLine command)
    {
        if (command.Argument is not { Length: > 0 } argument)
        {
            return null;
        }

        var form = flow.Form(command.Name);
        return command.Name switch
        {
            "update" or "resolve" => dialog =>
            {
                var words = argument.Split([' ', '\n'], 2, StringSplitOptions.TrimEntries);
                var picked = form.Answer(dialog, "incident", words[0]);
                if (words.Length < 2 || words[1].Length == 0)
                {
                    return picked;
                }

                // One line is a quick word: the status and the components stay as they are (Edit on the preview changes them).
                var withStatus = command.Name == "update"
                    ? picked.With("status", ((IncidentUpdateForm)form).Unresolved(words[0]).Status.ToWire()).With(StaffComponentStatuses.Field, StaffQuestion.Done)
                    : picked;
                return form.Answer(withStatus, "body", words[1]);
            },
            "component" => dialog => ((ComponentForm)form).Start(dialog, argument),
            "endmaintenance" or "cancelmaintenance" => dialog => form.Answer(dialog, "maintenance", argument),
            _ => null,
        };
    }

    private async Task OnButtonAsync(CallbackQuery query, string data, CancellationToken cancellationToken)
    {
        var chat = query.Message?.Chat;
        var account = staff.FindLinked(query.From.Id);
        if (account is null || chat is null || !(chat.Type == ChatType.Private || staff.IsStaffChat(chat.Id)))
        {
            staff.Refused(query.From.Id, query.From.Username, chat?.Id ?? 0, "button " + data);
            await bot.AnswerAsync(query.Id, "Only linked staff can use this button, in the staff chat or a private chat with the bot.", cancellationToken);
            return;
        }

        var button = callbacks.Find(data, query.From.Id);
        string? refusal = null;
        if (button is not null && button.Action is not (StaffBot.ToggleAction or StaffBot.PageAction or StaffListCommands.StartAction))
        {
            button = callbacks.Take(data, query.From.Id, out refusal);
        }
        else if (button is null)
        {
            callbacks.Take(data, query.From.Id, out refusal);
        }

        switch (button?.Action)
        {
            case null:
                await bot.AnswerAsync(query.Id, refusal, cancellationToken);
                break;
            case StaffListCommands.StartAction:
                await bot.AnswerAsync(query.Id, null, cancellationToken);
                var (kind, incident) = (button.Payload.Split('|')[0], button.Payload.Split('|')[^1]);
                await flow.StartAsync(account, query.From.Id, chat.Id, null, kind, dialog => flow.Form(kind).Answer(dialog, "incident", incident), cancellationToken);
                break;
            case DraftAnnouncer.DismissAction:
                await drafts.DismissAsync(button, account, query, cancellationToken);
                break;
            case StaffListCommands.RetryAction:
                await lists.RetryAsync(button, account, query, cancellationToken);
                break;
            default:
                await flow.OnButtonAsync(button, account, query.From.Id, query, cancellationToken);
                break;
        }
    }
}
