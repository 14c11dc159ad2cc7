using System.Globalization;
using StatusHub.Storage;
using StatusHub.Text;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.ReplyMarkups;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// Runs a <see cref="StaffDialog"/>: asks the form's next missing field, takes typed answers and button taps, and once
/// nothing is missing shows the preview with Publish / Edit / Cancel. Only Publish writes, once, as the staff member.
/// </summary>
public sealed class StaffDialogFlow(StaffBot bot, StaffDialogs dialogs, TelegramCallbacks callbacks, StaffChannelChoice channels, IEnumerable<IStaffForm> forms)
{
    /// <summary>The pseudo-field of Edit's question: its answer names the field to ask again.</summary>
    private const string EditField = "edit";

    private const string Ended = "This command has ended: nothing was published from it.";

    /// <summary>Remembers which field was answered last, to ask it again when the preview refuses the answer.</summary>
    private const string LastField = "last";

    /// <summary>What a tap on a preview that a newer one replaced (after Edit, or a refused Publish) is told.</summary>
    public const string ReplacedPreview = "A newer preview replaced this one: nothing was published from it.";

    /// <summary>Buttons of a question shown at once; a longer list is paged.</summary>
    public const int ButtonsPerPage = 30;

    private readonly Dictionary<string, IStaffForm> _forms = forms.ToDictionary(f => f.Kind, StringComparer.Ordinal);

    public bool Knows(string kind) => _forms.ContainsKey(kind);

    public IStaffForm Form(string kind) => _forms[kind];

    /// <summary>Starts <paramref name="kind"/> for the user, replacing an unfinished dialog; <paramref name="prefill"/> applies what the command line said.</summary>
    public async Task StartAsync(StaffAccount staff, long userId, long chatId, int? replyTo, string kind, Func<StaffDialog, StaffDialog>? prefill, CancellationToken cancellationToken)
    {
        var replaced = dialogs.Live(userId);
        var note = replaced is null ? "" : $"(Your unfinished /{replaced.Kind} was dropped.)\n";
        if (replaced is not null)
        {
            Revoke(replaced, $"Your /{kind} replaced this command: nothing was published from it.");
        }

        var dialog = dialogs.Start(userId, chatId, kind, replyTo);
        try
        {
            dialog = prefill?.Invoke(dialog) ?? dialog;
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            note += $"⚠ {HtmlText.Escape(ex.Message)}\n";
        }

        await ContinueAsync(dialog, staff, note, cancellationToken);
    }

    /// <summary>A typed reply to the dialog's question.</summary>
    public async Task AnswerTextAsync(StaffDialog dialog, StaffAccount staff, Message message, string text, CancellationToken cancellationToken)
    {
        dialog = dialog with { ReplyTo = message.MessageId, QuestionMessageId = null };
        await AnswerAsync(dialog, staff, dialog.Asking!, text, cancellationToken);
    }

    /// <summary>A tap on one of the dialog's buttons (already redeemed by the caller).</summary>
    public async Task OnButtonAsync(TelegramCallback button, StaffAccount staff, long userId, CallbackQuery query, CancellationToken cancellationToken)
    {
        var parts = button.Payload.Split('|', 3);
        var dialog = dialogs.Live(userId);
        if (dialog is null || dialog.Nonce != parts[0])
        {
            await bot.AnswerAsync(query.Id, "This command has ended (cancelled, published or expired): start again.", cancellationToken);
            return;
        }

        switch (button.Action)
        {
            case StaffBot.CancelAction when parts.Length == 1 || IsCurrentPreview(dialog, parts):
                await CancelAsync(dialog, query.Id, cancellationToken);
                break;
            case StaffBot.PublishAction or StaffBot.EditAction or StaffBot.CancelAction when !IsCurrentPreview(dialog, parts):
                await bot.AnswerAsync(query.Id, "This preview is out of date: nothing was published.", cancellationToken);
                break;
            case StaffBot.PublishAction:
                await PublishAsync(dialog, staff, query, cancellationToken);
                break;
            case StaffBot.EditAction:
                Revoke(dialog, ReplacedPreview);
                await bot.AnswerAsync(query.Id, "Editing: nothing was published.", cancellationToken);
                await EditPreviewAsync(dialog, "✏️ Editing: not published.", cancellationToken);
                await AskAsync(dialog, EditField, EditQuestion(dialog), "", cancellationToken);
                break;
            case StaffBot.AnswerAction or StaffBot.ToggleAction or StaffBot.PageAction when parts.Length < 3 || dialog.Asking != parts[1]:
                await bot.AnswerAsync(query.Id, "That question was answered already.", cancellationToken);
                break;
            case StaffBot.PageAction:
                await TurnPageAsync(dialog, parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture), query, cancellationToken);
                break;
            case StaffBot.ToggleAction when parts[2] != StaffQuestion.Done:
                await ToggleAsync(dialog, parts[1], parts[2], query, cancellationToken);
                break;
            default:
                await bot.AnswerAsync(query.Id, null, cancellationToken);
                if (query.Message is { } keyboard)
                {
                    await bot.EditKeyboardAsync(keyboard.Chat.Id, keyboard.MessageId, new InlineKeyboardMarkup(Array.Empty<InlineKeyboardButton[]>()), cancellationToken);
                }

                await AnswerAsync(dialog, staff, parts[1], parts[2], cancellationToken);
                break;
        }
    }

    /// <summary>/cancel, or the Cancel button: the dialog ends and its buttons stop working.</summary>
    public async Task CancelAsync(StaffDialog dialog, string? callbackId, CancellationToken cancellationToken)
    {
        Revoke(dialog, "Cancelled: nothing was published.");
        dialogs.End(dialog.UserId);
        if (callbackId is not null)
        {
            await bot.AnswerAsync(callbackId, "Cancelled: nothing was published.", cancellationToken);
        }

        if (dialog.Asking == StaffDialog.PreviewStep)
        {
            await EditPreviewAsync(dialog, "✖️ Cancelled: nothing was published.", cancellationToken);
        }
        else
        {
            await bot.SendAsync(dialog.ChatId, $"✖️ /{dialog.Kind} cancelled: nothing was published.", null, dialog.ReplyTo, cancellationToken);
        }
    }

    private async Task AnswerAsync(StaffDialog dialog, StaffAccount staff, string field, string answer, CancellationToken cancellationToken)
    {
        if (field == EditField)
        {
            // The field is asked again with its answer kept: a toggling question (components, channels) starts from it.
            var editable = Editable(dialog).Any(c => c.Value == answer);
            await AskAsync(dialog, editable ? answer : EditField, editable ? Ask(dialog, answer) : EditQuestion(dialog), "", cancellationToken);
            return;
        }

        try
        {
            dialog = Answer(dialog, field, answer).With(LastField, field);
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            await AskAsync(dialog, field, Ask(dialog, field), $"⚠ {HtmlText.Escape(ex.Message)}\n", cancellationToken);
            return;
        }

        await ContinueAsync(dialog, staff, "", cancellationToken);
    }

    private async Task ToggleAsync(StaffDialog dialog, string field, string value, CallbackQuery query, CancellationToken cancellationToken)
    {
        try
        {
            dialog = dialogs.Save(Answer(dialog, field, value));
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            await bot.AnswerAsync(query.Id, ex.Message, cancellationToken);
            return;
        }

        await RedrawKeyboardAsync(dialog, field, query, cancellationToken);
    }

    private async Task TurnPageAsync(StaffDialog dialog, string field, int page, CallbackQuery query, CancellationToken cancellationToken) =>
        await RedrawKeyboardAsync(dialogs.Save(dialog with { Page = page }), field, query, cancellationToken);

    /// <summary>Answers the tap and shows the question's buttons as the dialog now has them (ticked, or another page).</summary>
    private async Task RedrawKeyboardAsync(StaffDialog dialog, string field, CallbackQuery query, CancellationToken cancellationToken)
    {
        await bot.AnswerAsync(query.Id, null, cancellationToken);
        if (query.Message is { } message)
        {
            await bot.EditKeyboardAsync(message.Chat.Id, message.MessageId, Keyboard(dialog, field, Ask(dialog, field)), cancellationToken);
        }
    }

    private async Task ContinueAsync(StaffDialog dialog, StaffAccount staff, string note, CancellationToken cancellationToken)
    {
        if (Form(dialog.Kind).Missing(dialog) is { } field)
        {
            await AskAsync(dialog, field, Ask(dialog, field), note, cancellationToken);
        }
        else
        {
            await PreviewAsync(dialog, staff, note, cancellationToken);
        }
    }

    private async Task AskAsync(StaffDialog dialog, string field, StaffQuestion question, string note, CancellationToken cancellationToken)
    {
        dialog = dialog with { Asking = field, QuestionMessageId = null, Page = 0 };
        if (question.TakesText)
        {
            var asked = await bot.AskAsync(dialog.ChatId, note + question.Html + "\n<i>/cancel stops.</i>", dialog.ReplyTo, cancellationToken);
            KeepIfShown(dialog with { QuestionMessageId = asked }, asked);
        }
        else if (question.Choices.Count == 0 && question.Always is null or { Count: 0 })
        {
            dialogs.End(dialog.UserId);
            await bot.SendAsync(dialog.ChatId, note + question.Html, null, dialog.ReplyTo, cancellationToken);
        }
        else
        {
            dialog = dialogs.Save(dialog);
            KeepIfShown(dialog, await bot.SendAsync(dialog.ChatId, note + question.Html, Keyboard(dialog, field, question), dialog.ReplyTo, cancellationToken));
        }
    }

    /// <summary>
    /// A question or preview Telegram did not take, even after its retries, ends the command: nobody can answer or
    /// publish what they never saw, and the next command starts clean instead of waiting on a message that is not there.
    /// </summary>
    private void KeepIfShown(StaffDialog dialog, int? shownAs)
    {
        if (shownAs is null)
        {
            Revoke(dialog, Ended);
            dialogs.End(dialog.UserId);
        }
        else
        {
            dialogs.Save(dialog);
        }
    }

    /// <summary>
    /// The question's buttons, <see cref="ButtonsPerPage"/> at a time with ‹ and › to move through a longer list (Telegram
    /// takes at most 100 buttons), then the ones shown on every page, then Cancel.
    /// </summary>
    private InlineKeyboardMarkup Keyboard(StaffDialog dialog, string field, StaffQuestion question)
    {
        var user = dialog.UserId;
        var action = question.Toggles ? StaffBot.ToggleAction : StaffBot.AnswerAction;
        var pages = Math.Max(1, (question.Choices.Count + ButtonsPerPage - 1) / ButtonsPerPage);
        var page = Math.Clamp(dialog.Page, 0, pages - 1);
        InlineKeyboardButton Turn(string label, int to) => bot.Button(label, StaffBot.PageAction, $"{dialog.Nonce}|{field}|{to}", user);
        var turns = new List<InlineKeyboardButton>();
        if (page > 0)
        {
            turns.Add(Turn("‹ Back", page - 1));
        }

        if (page < pages - 1)
        {
            var (from, to) = ((page + 1) * ButtonsPerPage + 1, Math.Min((page + 2) * ButtonsPerPage, question.Choices.Count));
            turns.Add(Turn($"More › ({from}–{to} of {question.Choices.Count})", page + 1));
        }

        var rows = question.Choices.Skip(page * ButtonsPerPage).Take(ButtonsPerPage).Concat(question.Always ?? [])
            .Select(c => new[] { bot.Button(c.Label, action, $"{dialog.Nonce}|{field}|{c.Value}", user) })
            .Concat(turns.Count > 0 ? [[.. turns]] : Array.Empty<InlineKeyboardButton[]>())
            .Append([bot.Button("Cancel", StaffBot.CancelAction, dialog.Nonce, user)]);
        return new InlineKeyboardMarkup(rows);
    }

    private async Task PreviewAsync(StaffDialog dialog, StaffAccount staff, string note, CancellationToken cancellationToken)
    {
        var form = Form(dialog.Kind);
        StaffPreview preview;
        try
        {
            preview = form.Preview(dialog, staff.Email);
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            var warning = $"{note}⚠ {HtmlText.Escape(ex.Message)}\n";
            if (AnotherAnswerCanFix(ex) && dialog.Field(LastField) is { } last && last != EditField)
            {
                await ContinueAsync(dialog.Without(last).Without(LastField), staff, warning, cancellationToken);
                return;
            }

            dialogs.End(dialog.UserId);
            await bot.SendAsync(dialog.ChatId, warning + "Nothing was published.", null, dialog.ReplyTo, cancellationToken);
            return;
        }

        if (dialog.Asking == StaffDialog.PreviewStep)
        {
            Revoke(dialog, ReplacedPreview);
        }

        var shown = preview.Dialog with { Asking = StaffDialog.PreviewStep, QuestionMessageId = null, PreviewNumber = dialog.PreviewNumber + 1 };
        var payload = PreviewPayload(shown);
        var user = shown.UserId;
        var keyboard = new InlineKeyboardMarkup(new[]
        {
            bot.Button("✅ Publish", StaffBot.PublishAction, payload, user),
            bot.Button("✏️ Edit", StaffBot.EditAction, payload, user),
            bot.Button("✖️ Cancel", StaffBot.CancelAction, payload, user),
        });
        shown = dialogs.Save(shown);
        var sent = await bot.SendAsync(shown.ChatId, note + StaffPreviewText.Render(preview) + "\n\nNothing is sent until you tap <b>Publish</b>.", keyboard, shown.ReplyTo, cancellationToken);
        KeepIfShown(shown with { PreviewMessageId = sent }, sent);
    }

    private async Task PublishAsync(StaffDialog dialog, StaffAccount staff, CallbackQuery query, CancellationToken cancellationToken)
    {
        string done;
        try
        {
            done = Form(dialog.Kind).Publish(dialog, staff.Email);
        }
        catch (ConcurrencyConflictException ex)
        {
            await bot.AnswerAsync(query.Id, "Changed meanwhile: nothing was published.", cancellationToken);
            await EditPreviewAsync(dialog, "⚠ Not published: it changed since this preview.", cancellationToken);
            await PreviewAsync(dialog, staff, $"⚠ {HtmlText.Escape(ex.Message)} Nothing was written.\n\n", cancellationToken);
            return;
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            await bot.AnswerAsync(query.Id, "Not published.", cancellationToken);
            await EditPreviewAsync(dialog, $"⚠ Not published: {HtmlText.Escape(ex.Message)}", cancellationToken);
            if (!AnotherAnswerCanFix(ex))
            {
                Revoke(dialog, Ended);
                dialogs.End(dialog.UserId);
                return;
            }

            await bot.SendAsync(dialog.ChatId, "Edit the preview below, or Cancel.", null, dialog.ReplyTo, cancellationToken);
            await PreviewAsync(dialog, staff, "", cancellationToken);
            return;
        }

        Revoke(dialog, "This was published already.");
        dialogs.End(dialog.UserId);
        await bot.AnswerAsync(query.Id, "Published.", cancellationToken);
        await EditPreviewAsync(dialog, $"✅ Published by {HtmlText.Escape(staff.Email)}: {done}.", cancellationToken);
    }

    private StaffQuestion EditQuestion(StaffDialog dialog) => new("<b>What do you want to change?</b>", Editable(dialog));

    /// <summary>The fields Edit offers: the form's, and the channels when it lets staff choose them.</summary>
    private IReadOnlyList<StaffChoice> Editable(StaffDialog dialog) =>
        Form(dialog.Kind) is { ChoosesChannels: true } form ? [.. form.Editable(dialog), StaffChannelChoice.Editable] : Form(dialog.Kind).Editable(dialog);

    private StaffQuestion Ask(StaffDialog dialog, string field) =>
        field == StaffChannelChoice.Field && Form(dialog.Kind).ChoosesChannels ? channels.Ask(dialog) : Form(dialog.Kind).Ask(dialog, field);

    private StaffDialog Answer(StaffDialog dialog, string field, string answer) =>
        field == StaffChannelChoice.Field && Form(dialog.Kind).ChoosesChannels ? channels.Answer(dialog, answer) : Form(dialog.Kind).Answer(dialog, field, answer);

    /// <summary>A refusal of what was typed, which an Edit can fix; not one of the record's state (<see cref="ValidationException.RefusedByState"/>) nor a record gone.</summary>
    private static bool AnotherAnswerCanFix(Exception ex) => ex is ValidationException { RefusedByState: false };

    /// <summary>Replaces the preview's text and removes its buttons.</summary>
    private Task EditPreviewAsync(StaffDialog dialog, string html, CancellationToken cancellationToken) =>
        dialog.PreviewMessageId is { } id ? bot.EditAsync(dialog.ChatId, id, html, null, cancellationToken) : Task.CompletedTask;

    private static bool IsCurrentPreview(StaffDialog dialog, string[] parts) =>
        dialog.Asking == StaffDialog.PreviewStep && parts.Length == 2 && parts[1] == dialog.PreviewNumber.ToString(CultureInfo.InvariantCulture);

    private static string PreviewPayload(StaffDialog dialog) => $"{dialog.Nonce}|{dialog.PreviewNumber.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Spends the current preview's buttons, so none of them works once the dialog moved on; a later tap is told <paramref name="because"/>.</summary>
    private void Revoke(StaffDialog dialog, string because)
    {
        var payload = PreviewPayload(dialog);
        foreach (var action in new[] { StaffBot.PublishAction, StaffBot.EditAction, StaffBot.CancelAction })
        {
            callbacks.Revoke(action, payload, because);
        }
    }
}
