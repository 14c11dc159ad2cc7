using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Conversations;
using StatusHub.Staff;
using StatusHub.Staff.Telegram;
using StatusHub.Storage;
using StatusHub.Tests.Subscribers;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Conversations;

/// <summary>
/// The whole app with its bot on <see cref="FakeTelegramBotApi"/> (a staff chat configured) and its backup email channel on
/// an <see cref="SmtpSink"/>: customers write through the form or the bot, staff answer, mail and messages arrive.
/// </summary>
public sealed class ConversationApp : IAsyncDisposable
{
    public const string StaffChat = "-1005550001";
    public const long StaffUserId = 7001;
    public const string StaffEmail = "oncall@example.com";

    private ConversationApp(TelegramBotApp bot, SmtpSink sink)
    {
        Bot = bot;
        Sink = sink;
    }

    public TelegramBotApp Bot { get; }
    public SmtpSink Sink { get; }
    public FakeTelegramBotApi Api => Bot.Api;
    public WebApplicationFactory<Program> App => Bot.App;
    public ConversationService Conversations => App.Services.GetRequiredService<ConversationService>();
    public LiteStore Store => App.Services.GetRequiredService<LiteStore>();

    public static async Task<ConversationApp> StartAsync(params (string Key, string Value)[] settings)
    {
        var sink = new SmtpSink();
        var bot = await TelegramBotApp.StartWithStaffChatAsync(sink, StaffChat, [
            ("Email:Smtp:TimeoutSeconds", "5"),
            .. settings,
        ]);
        return new ConversationApp(bot, sink);
    }

    public HttpClient Browser() => Bot.Browser();

    /// <summary>Posts the Contact us form as a browser would.</summary>
    public static Task<HttpResponseMessage> ContactAsync(HttpClient client, string email, string message, string? name = null, string? incident = null, string? website = null) =>
        client.PostFormAsync(ContactForm.Path, [
            ("email", email), ("name", name ?? ""), ("message", message),
            .. incident is null ? Array.Empty<(string, string)>() : [("incident", incident)],
            .. website is null ? Array.Empty<(string, string)>() : [(ContactForm.Honeypot, website)],
        ]);

    /// <summary>A staff account linked to Telegram user <see cref="StaffUserId"/>, as the staff's link code would leave it.</summary>
    public StaffAccount LinkStaff()
    {
        var account = App.Services.GetRequiredService<StaffAccountService>().Create(StaffEmail, StaffRoles.Editor, StaffSignIn.Password, "tests");
        var telegram = App.Services.GetRequiredService<TelegramStaff>();
        telegram.Allow(StaffUserId, "admin@example.com");
        telegram.Link(StaffUserId, "oncall", account.Id, "admin@example.com");
        return account;
    }

    public IReadOnlyList<TelegramCall> MessagesTo(string chat) => [.. Api.Messages.Where(m => m.ChatId == chat)];

    public Task<IReadOnlyList<TelegramCall>> WaitForMessagesToAsync(string chat, int count) =>
        Api.WaitForAsync(calls => calls.Count(c => c.Method == "sendMessage" && c.Succeeded && c.ChatId == chat) >= count);

    /// <summary>Waits (wall clock, bounded) until a stored message satisfies <paramref name="done"/>, as the background loops leave it.</summary>
    public async Task<ConversationMessage> WaitForStoredAsync(Func<ConversationMessage, bool> done)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (Store.Collection<ConversationMessage>().FindAll().FirstOrDefault(done) is { } found)
            {
                return found;
            }

            await Task.Delay(10, limit.Token);
        }
    }

    public IReadOnlyList<Audit.AuditEntry> Audit() => [.. Store.Collection<Audit.AuditEntry>().FindAll()];

    public int StoredMessages() => Store.Collection<ConversationMessage>().Count();

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Sink.DisposeAsync();
    }
}
