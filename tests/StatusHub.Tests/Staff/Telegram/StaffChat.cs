using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Staff;
using StatusHub.Staff.Telegram;
using StatusHub.Storage;
using StatusHub.Subscribers.Telegram;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>One Telegram user talking to the bot in one chat through <see cref="FakeTelegramBotApi"/>: says things, replies to questions, taps buttons, and waits until the bot has handled each update.</summary>
public sealed class StaffChat(TelegramBotApp bot, string chatId, long userId)
{
    public const string StaffChatId = "-1009000000001";
    public const string Admin = "root@example.com";

    public long UserId => userId;

    /// <summary>Allow-lists <paramref name="telegramUserId"/> and links it to a new editor account <paramref name="email"/> (the link-code flow has its own tests).</summary>
    public static StaffAccount Link(TelegramBotApp bot, long telegramUserId, string email)
    {
        var account = bot.App.Services.GetRequiredService<StaffAccountService>().Create(email, StaffRoles.Editor, "correct horse battery staple", Admin);
        var staff = bot.App.Services.GetRequiredService<TelegramStaff>();
        staff.Allow(telegramUserId, Admin);
        staff.Link(telegramUserId, null, account.Id, Admin);
        // HandledAsync reads the bot's cursor while the bot writes it: LiteDB must not be creating the collection then.
        bot.App.Services.GetRequiredService<LiteStore>().Write(scope => scope.Collection<TelegramUpdateCursor>().EnsureIndex(c => c.HandledAt), affectsStatusPage: false);
        return account;
    }

    /// <summary>The bot's messages in this chat so far.</summary>
    public IReadOnlyList<TelegramCall> Messages => [.. bot.Api.Messages.Where(m => m.ChatId == chatId)];

    /// <summary>Writes <paramref name="text"/> (a reply to the bot's message <paramref name="replyTo"/>, if given); returns what the bot sent back.</summary>
    public async Task<IReadOnlyList<TelegramCall>> SayAsync(string text, int? replyTo = null)
    {
        var before = Messages.Count;
        await HandledAsync(bot.Api.EnqueueMessageFrom(chatId, userId, text, replyTo));
        return [.. Messages.Skip(before)];
    }

    /// <summary>Replies to the bot's question <paramref name="question"/> and returns the bot's last answer.</summary>
    public async Task<TelegramCall> AnswerAsync(TelegramCall question, string text) => (await SayAsync(text, question.MessageId)).Last();

    /// <summary>Taps the button whose label starts with <paramref name="label"/> on <paramref name="message"/>; returns the update (to deliver again).</summary>
    public async Task<JsonObject> TapAsync(TelegramCall message, string label) => await TapDataAsync(message.MessageId!.Value, Data(message, label));

    public async Task<JsonObject> TapDataAsync(int messageId, string data)
    {
        var update = bot.Api.EnqueueCallbackFrom(chatId, userId, messageId, data);
        await HandledAsync(update);
        return update;
    }

    /// <summary>What answerCallbackQuery said to the tap in <paramref name="update"/>.</summary>
    public string? AnswerTo(JsonObject update) =>
        (string?)bot.Api.Calls.Last(c => c.Method == "answerCallbackQuery" && (string?)c.Body["callback_query_id"] == (string?)update["callback_query"]!["id"]).Body["text"];

    /// <summary>The text a message was last edited to, or null.</summary>
    public string? EditedText(TelegramCall message) =>
        bot.Api.Calls.LastOrDefault(c => c.Method == "editMessageText" && c.Succeeded && c.ChatId == chatId && c.MessageId == message.MessageId)?.Text;

    /// <summary><paramref name="message"/> with the buttons it was last edited to (a toggled or paged keyboard).</summary>
    public TelegramCall WithLatestButtons(TelegramCall message) =>
        bot.Api.Calls.LastOrDefault(c => c.Method == "editMessageReplyMarkup" && c.Succeeded && c.ChatId == chatId.ToString(System.Globalization.CultureInfo.InvariantCulture) && c.MessageId == message.MessageId) is { } edit
            ? message with { Body = edit.Body }
            : message;

    public static IReadOnlyList<(string Label, string Data)> Buttons(TelegramCall message) =>
        message.Body["reply_markup"]?["inline_keyboard"] is JsonArray rows
            ? [.. rows.SelectMany(row => row!.AsArray()).Select(b => ((string)b!["text"]!, (string)b["callback_data"]!))]
            : [];

    public static string Data(TelegramCall message, string label) =>
        Buttons(message).FirstOrDefault(b => b.Label.StartsWith(label, StringComparison.Ordinal)).Data
        ?? throw new InvalidOperationException($"No button \"{label}\" on: {message.Text}\nButtons: {string.Join(", ", Buttons(message).Select(b => b.Label))}");

    public static bool AsksForReply(TelegramCall message) => message.Body["reply_markup"]?["force_reply"]?.GetValue<bool>() == true;

    /// <summary>Waits (wall clock, bounded) until the bot's stored update cursor says <paramref name="update"/> was handled.</summary>
    public async Task HandledAsync(JsonObject update)
    {
        var id = (int)update["update_id"]!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!Handled(id))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The bot did not handle update {id}.");
            }

            await Task.Delay(10);
        }
    }

    private bool Handled(int updateId) =>
        bot.App.Services.GetRequiredService<LiteStore>().Collection<TelegramUpdateCursor>().FindAll().Any(c => c.LastUpdateId >= updateId);
}
