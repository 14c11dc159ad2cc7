using System.Globalization;
using StatusHub.Channels.Telegram;
using StatusHub.Storage;
using StatusHub.Subscribers.Telegram;
using StatusHub.Text;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// The bot's side of staff accounts: <c>/link CODE</c> (or the t.me deep link carrying it) in a private chat links an
/// allow-listed sender to the account that got the code; <c>/whoami</c> says who someone is to StatusHub; and the staff
/// chat is followed when Telegram turns it into a supergroup. Offered each update before the staff commands.
/// </summary>
public sealed class TelegramAccountLinking(
    TelegramBotConnection bot,
    TelegramStaff staff,
    TelegramLinkCodes codes,
    TelegramLinkAttempts attempts,
    StaffAccountService accounts,
    TelegramChatMoves moves) : ITelegramUpdateHandler
{
    public const string HowToLink =
        "To link it: sign in to StatusHub, open your account page (your name at the top) → Telegram, and send me the /link command it shows, here in a private chat.";

    public int Order => 90;

    public async Task<bool> TryHandleAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.Message is not { } message)
        {
            return false;
        }

        if (message.MigrateFromChatId is { } from)
        {
            return OnChatMoved(from, message.Chat.Id);
        }

        if (message is not { Text: { Length: <= TelegramCommands.MaxCommandLength } text, From: { IsBot: false } sender } ||
            await TelegramCommandLine.ParseAsync(text, bot.UsernameAsync, cancellationToken) is not { } command)
        {
            return false;
        }

        switch (command.Name)
        {
            case "link":
                await LinkAsync(message, sender, command.Argument, cancellationToken);
                return true;
            case "start" when command.Argument?.StartsWith(TelegramLinkCodes.StartPrefix, StringComparison.Ordinal) == true:
                await LinkAsync(message, sender, command.Argument[TelegramLinkCodes.StartPrefix.Length..], cancellationToken);
                return true;
            case "whoami" when message.Chat.Type == ChatType.Private || staff.IsStaffChat(message.Chat.Id):
                await SendAsync(message, WhoAmI(sender.Id), cancellationToken);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Telegram's service message in the supergroup a group became: ours to follow only when it was the staff chat.</summary>
    private bool OnChatMoved(long from, long to)
    {
        if (staff.StaffChatId() != from)
        {
            return false;
        }

        moves.Record(from.ToString(CultureInfo.InvariantCulture), to, "Telegram:StaffChatId");
        return true;
    }

    private async Task LinkAsync(Message message, User sender, string? code, CancellationToken cancellationToken)
    {
        var id = sender.Id.ToString(CultureInfo.InvariantCulture);
        if (message.Chat.Type != ChatType.Private)
        {
            // Everyone in the chat saw it: void it whether or not it was live, with the same answer either way, so a
            // group cannot be used to learn which codes are live.
            codes.Void(code, $"telegram:{id}", $"sent by Telegram user {id} in chat {message.Chat.Id.ToString(CultureInfo.InvariantCulture)}");
            if (attempts.TryTake(sender.Id, out _))
            {
                await SendAsync(message, "Never send a link code in a group: if it was live, it no longer works. Get a new one on your account page and send it to me in a private chat.", cancellationToken);
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            await SendAsync(message, "Send /link followed by the code from your account page, like this: /link ABCDE-FGHJK", cancellationToken);
            return;
        }

        if (!attempts.TryTake(sender.Id, out var wait))
        {
            await SendAsync(message, $"Too many link attempts: wait {Math.Max(1, Math.Ceiling(wait.TotalMinutes)):0} minutes, then send the code again.", cancellationToken);
            return;
        }

        if (!staff.IsAllowed(sender.Id))
        {
            staff.Refused(sender.Id, sender.Username, message.Chat.Id, "/link");
            await SendAsync(message, $"Your Telegram id <code>{id}</code> is not on the staff allow-list, so it cannot be linked. Ask an admin to allow it (Channels → Telegram staff), then send the code again.", cancellationToken);
            return;
        }

        if (codes.Redeem(code, out var refusal) is not { } redeemed)
        {
            await SendAsync(message, HtmlText.Escape(refusal!), cancellationToken);
            return;
        }

        string answer;
        try
        {
            var account = accounts.Get(redeemed.AccountId);
            staff.Link(sender.Id, sender.Username, account.Id, account.Email);
            answer = $"Linked: through this bot you act as <b>{HtmlText.Escape(account.Email)}</b> ({HtmlText.Escape(account.Role)}), and what you do is recorded under that account. /whoami shows it; unlink on your account page.";
        }
        catch (Exception ex) when (ex is ValidationException or NotFoundException)
        {
            answer = HtmlText.Escape(ex.Message);
        }

        await SendAsync(message, answer, cancellationToken);
    }

    private string WhoAmI(long telegramUserId)
    {
        var id = $"Your Telegram id: <code>{telegramUserId.ToString(CultureInfo.InvariantCulture)}</code>";
        if (staff.FindLinked(telegramUserId) is { } account)
        {
            return $"You are <b>{HtmlText.Escape(account.Email)}</b> ({HtmlText.Escape(account.Role)}) on StatusHub.\n{id}";
        }

        return $"{id}\nNot linked to a StatusHub staff account.\n" + (staff.IsAllowed(telegramUserId)
            ? HtmlText.Escape(HowToLink)
            : "Staff: ask an admin to allow this id (Channels → Telegram staff), then link it: open your account page (your name at the top) → Telegram, and send me the /link command it shows, here in a private chat.");
    }

    /// <summary>In a group the answer replies to the message it answers, so it is clear whom it is for.</summary>
    private Task SendAsync(Message to, string html, CancellationToken cancellationToken) =>
        bot.SendAsync(to.Chat.Id, html, to.Chat.Type == ChatType.Private ? null : to.MessageId, null, "answer a staff account question", cancellationToken);
}
