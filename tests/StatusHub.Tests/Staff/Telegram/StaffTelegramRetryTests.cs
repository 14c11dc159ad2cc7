using Microsoft.Extensions.DependencyInjection;
using StatusHub.Staff.Telegram;
using StatusHub.StatusComponents;
using StatusHub.Subscribers.Telegram;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>The bot's answers to staff when Telegram says "later" (429, 5xx): sent again, within a bounded wait.</summary>
public sealed class StaffTelegramRetryTests
{
    private const long Alice = 5001;

    private static async Task<(TelegramBotApp Bot, SmtpSink Sink, StaffChat Alice)> StartAsync()
    {
        var sink = new SmtpSink();
        var bot = await TelegramBotApp.StartWithStaffChatAsync(sink, StaffChat.StaffChatId, ("Email:Recipients:0", "customers@example.org"));
        bot.CreateComponent("Webmail");
        StaffChat.Link(bot, Alice, "alice@example.com");
        return (bot, sink, new StaffChat(bot, StaffChat.StaffChatId, Alice));
    }

    [Fact]
    public async Task APreviewTelegramRefusedWith429IsSentAgainAfterItsRetryAfterAndPublishes()
    {
        var (bot, sink, alice) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        bot.Api.FailNext("sendMessage", TelegramFault.TooManyRequests(3));

        bot.Api.EnqueueMessageFrom(StaffChat.StaffChatId, Alice, "/component webmail major_outage");
        await bot.AdvanceUntilAsync(() => alice.Messages.Count > 0, TimeSpan.FromMinutes(1));

        var attempts = bot.Api.Calls.Where(c => c.Method == "sendMessage" && c.ChatId == StaffChat.StaffChatId).ToList();
        Assert.Equal([429, null], attempts.Select(c => c.ErrorCode));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(3), $"Sent again after {attempts[1].At - attempts[0].At}, before Telegram's retry_after.");
        await alice.TapAsync(attempts[1], "✅ Publish");
        Assert.Equal(ComponentStatus.MajorOutage, bot.App.Services.GetRequiredService<ComponentService>().All().Single().Status);
    }

    [Fact]
    public async Task AQuestionTelegramKeepsRefusingPastTheRetryBudgetEndsTheCommand()
    {
        var (bot, sink, alice) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        bot.Api.FailNext("sendMessage", TelegramFault.TooManyRequests((int)TelegramBotConnection.RetryBudget.TotalSeconds + 10));

        Assert.Empty(await alice.SayAsync("/maintenance"));

        Assert.Single(bot.Api.Calls, c => c.Method == "sendMessage" && c.ChatId == StaffChat.StaffChatId);
        Assert.Null(bot.App.Services.GetRequiredService<StaffDialogs>().Live(Alice));
    }
}
