using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Maintenance;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Maintenance;

/// <summary>The whole app: a maintenance reminder reaches Telegram (fake Bot API) and email (SMTP sink) subscribers once, across a restart.</summary>
public sealed class MaintenanceReminderDeliveryTests : IAsyncDisposable
{
    private const string Other = "5151";
    private readonly SmtpSink _sink = new();

    [Fact]
    public async Task TelegramAndEmailSubscribersAreRemindedOnceAndToldWhenTheWindowOpens()
    {
        await using var bot = await TelegramBotApp.StartWithStaffChatAsync(_sink, "-100777");
        var db = bot.CreateComponent("Database");
        var web = bot.CreateComponent("Website");
        bot.Subscribers.AddConfirmed(ChannelNames.Telegram, TelegramBotApp.Person, false, [db.Id], "staff@example.com");
        bot.Subscribers.AddConfirmed(ChannelNames.Telegram, Other, false, [web.Id], "staff@example.com");
        bot.Subscribers.AddConfirmed(ChannelNames.Email, "ada@example.org", false, [db.Id], "staff@example.com");
        var now = bot.Time.GetUtcNow().UtcDateTime;
        Maintenance(bot).Schedule(new MaintenanceDraft("DB upgrade", "Upgrading.", now.AddHours(3), now.AddHours(5), [db.Id]), "staff@example.com");
        await bot.Api.WaitForAsync(c => c.Any(m => m.ChatId == TelegramBotApp.Person && m.Succeeded && m.Text!.Contains("Scheduled maintenance", StringComparison.Ordinal)));
        await _sink.WaitForAsync(1);

        bot.Time.Advance(TimeSpan.FromHours(2));
        Maintenance(bot).AdvanceAll();
        await bot.Api.WaitForAsync(c => c.Any(m => m.ChatId == TelegramBotApp.Person && m.Succeeded && m.Text!.Contains("Reminder", StringComparison.Ordinal)));
        await _sink.WaitForAsync(2);
        await bot.RestartAsync();
        Maintenance(bot).AdvanceAll();
        bot.Time.Advance(TimeSpan.FromHours(1));
        Maintenance(bot).AdvanceAll();
        var calls = await bot.Api.WaitForAsync(c => c.Any(m => m.ChatId == TelegramBotApp.Person && m.Succeeded && m.Text!.Contains("Maintenance in progress", StringComparison.Ordinal)));
        var mails = await _sink.WaitForAsync(3);

        var person = calls.Where(m => m.Method == "sendMessage" && m.Succeeded && m.ChatId == TelegramBotApp.Person).Select(m => m.Text!).ToList();
        Assert.Equal(3, person.Count);
        Assert.StartsWith("⏰ <b>Reminder: DB upgrade starts in 60 minutes</b>", person[1]);
        Assert.DoesNotContain(calls, m => m.ChatId == Other);
        Assert.Equal(["[StatusHub] Scheduled maintenance: DB upgrade", "[StatusHub] Reminder: maintenance in 60 minutes: DB upgrade", "[StatusHub] Maintenance in progress: DB upgrade"],
            mails.Select(m => m.Message.Subject));
    }

    public async ValueTask DisposeAsync() => await _sink.DisposeAsync();

    private static MaintenanceService Maintenance(TelegramBotApp bot) => bot.App.Services.GetRequiredService<MaintenanceService>();
}
