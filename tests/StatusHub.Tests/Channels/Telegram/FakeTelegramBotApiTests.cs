using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace StatusHub.Tests.Channels.Telegram;

/// <summary>The fake answers in shapes Telegram.Bot itself reads, so the channel tests test the real client.</summary>
public sealed class FakeTelegramBotApiTests
{
    [Fact]
    public async Task AnswersGetMeAndQueuedUpdatesAsTelegramDoes()
    {
        await using var api = await FakeTelegramBotApi.StartAsync();
        var bot = new TelegramBotClient(new TelegramBotClientOptions(FakeTelegramBotApi.Token, api.BaseUrl) { RetryThreshold = 0 });
        api.EnqueueIncomingMessage("4242", "/status");

        var me = await bot.GetMe(TestContext.Current.CancellationToken);
        var updates = await bot.GetUpdates(cancellationToken: TestContext.Current.CancellationToken);
        var later = await bot.GetUpdates(offset: updates[^1].Id + 1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(me.IsBot);
        var update = Assert.Single(updates);
        Assert.Equal("/status", update.Message!.Text);
        Assert.Equal(ChatType.Private, update.Message.Chat.Type);
        Assert.Empty(later);
    }

    [Fact]
    public async Task RefusesAnotherTokenAndReportsRetryAfterOnTooManyRequests()
    {
        await using var api = await FakeTelegramBotApi.StartAsync();
        var stranger = new TelegramBotClient(new TelegramBotClientOptions("1:other", api.BaseUrl) { RetryThreshold = 0 });
        var bot = new TelegramBotClient(new TelegramBotClientOptions(FakeTelegramBotApi.Token, api.BaseUrl) { RetryThreshold = 0 });
        api.FailNext("sendMessage", TelegramFault.TooManyRequests(7));

        var unauthorized = await Assert.ThrowsAsync<ApiRequestException>(() => stranger.GetMe(TestContext.Current.CancellationToken));
        var tooMany = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage("@x", "hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(401, unauthorized.ErrorCode);
        Assert.Equal(429, tooMany.ErrorCode);
        Assert.Equal(7, tooMany.Parameters?.RetryAfter);
        Assert.Equal("Too Many Requests: retry after 7", tooMany.Message);
    }
}
