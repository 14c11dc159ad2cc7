using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Telegram;

/// <summary>The real dispatcher driving the Telegram channel on the fake clock: Telegram's rate limits, retries and give-ups.</summary>
public sealed class TelegramDispatchTests
{
    private const string Group = TelegramApp.GroupChat;

    [Fact]
    public async Task SendsAHundredNoticesToOneGroupNeverMoreThanTwentyInAnyRollingMinute()
    {
        await using var bed = await TelegramApp.StartAsync(o => o.ChannelChatId = null);
        for (var i = 0; i < 100; i++)
        {
            bed.Open($"Incident {i}");
        }

        await bed.DispatchUntilAsync(calls => calls.Count(c => c.Succeeded) == 100, TimeSpan.FromSeconds(1));

        var times = bed.Api.Messages.Select(m => m.At).ToList();
        Assert.Equal(100, times.Count);
        // At most 20, and close to it: the gate holds the limit without throttling far below it.
        Assert.True(MostInAnyWindow(times, TimeSpan.FromMinutes(1)) <= 20, string.Join(" ", times.Select(t => (t - TestStore.Start).TotalSeconds)));
        Assert.InRange(MostInAnyWindow(times, TimeSpan.FromMinutes(1)), 18, 20);
        Assert.True(times[^1] - times[0] >= TimeSpan.FromMinutes(4), $"100 messages at 20 a minute took only {times[^1] - times[0]}.");
        Assert.All(bed.Api.Calls, c => Assert.True(c.Succeeded));
    }

    [Fact]
    public async Task SendsNeverMoreThanThirtyMessagesInAnySecondAcrossChats()
    {
        await using var bed = await TelegramApp.StartAsync();
        var chats = Enumerable.Range(1, 100).Select(i => (-1001000000000L - i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Enqueue(bed, chats);

        await bed.DispatchUntilAsync(calls => calls.Count(c => c.Succeeded) == 100, TimeSpan.FromMilliseconds(100));

        var messages = bed.Api.Messages;
        Assert.Equal(chats.Order(StringComparer.Ordinal), messages.Select(m => m.ChatId!).Order(StringComparer.Ordinal));
        Assert.InRange(MostInAnyWindow([.. messages.Select(m => m.At)], TimeSpan.FromSeconds(1)), 25, 30);
    }

    [Fact]
    public async Task RetriesTooManyRequestsNoSoonerThanTelegramsRetryAfter()
    {
        await using var bed = await TelegramApp.StartAsync(o => o.ChannelChatId = null);
        bed.Api.FailNext("sendMessage", TelegramFault.TooManyRequests(retryAfter: 30));
        bed.Open();

        var calls = await bed.DispatchUntilAsync(calls => calls.Any(c => c.Succeeded), TimeSpan.FromSeconds(1));

        Assert.Equal([429, null], calls.Select(c => c.ErrorCode));
        Assert.InRange(calls[1].At - calls[0].At, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task BacksOffFurtherAfterEachServerError()
    {
        await using var bed = await TelegramApp.StartAsync(o => o.ChannelChatId = null);
        bed.Api.FailNext("sendMessage", TelegramFault.ServerError, times: 3);
        bed.Open();

        var calls = await bed.DispatchUntilAsync(calls => calls.Any(c => c.Succeeded), TimeSpan.FromSeconds(1));

        Assert.Equal([500, 500, 500, null], calls.Select(c => c.ErrorCode));
        var gaps = calls.Zip(calls.Skip(1), (a, b) => b.At - a.At).ToList();
        // Equal jitter: attempt n waits between half and all of 5 s × 2^(n-1). The upper bounds are loose: the
        // clock moves in whole seconds and a busy machine can let it run a step ahead of the dispatcher.
        Assert.InRange(gaps[0], TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(10));
        Assert.InRange(gaps[1], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(18));
        Assert.InRange(gaps[2], TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task NeverRetriesABlockedBot()
    {
        await using var bed = await TelegramApp.StartAsync(o => o.ChannelChatId = null);
        bed.Api.FailChat(Group, TelegramFault.BotBlocked);
        bed.Open();

        var calls = await bed.DispatchUntilAsync(_ => bed.Store.Time.GetUtcNow() - TestStore.Start > TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1));

        Assert.Equal([403], calls.Select(c => c.ErrorCode));
        var delivery = Assert.Single(bed.Store.Store.Collection<Delivery>().FindAll());
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.NotNull(bed.Store.Store.Collection<FailingTarget>().FindById(FailingTarget.KeyFor(ChannelNames.Telegram, Group)));
    }

    /// <summary>The most timestamps in any half-open window [t, t + length) that starts at one of them.</summary>
    private static int MostInAnyWindow(IReadOnlyList<DateTimeOffset> times, TimeSpan length)
    {
        var sorted = times.Order().ToList();
        return sorted.Select(start => sorted.Count(t => t >= start && t < start + length)).Max();
    }

    private static void Enqueue(TelegramApp bed, IEnumerable<string> chats)
    {
        var notification = new Notification
        {
            Id = Ids.New(),
            Event = NotificationEvent.Test,
            Title = "Test message",
            Messages = { [ChannelNames.Telegram] = new ChannelMessage("🧪 <b>Test message</b>") },
            CreatedAt = bed.Store.Now,
        };
        bed.Store.Store.Write(scope => OutboxStore.Enqueue(scope, notification, chats.Select(c => (ChannelNames.Telegram, c)), bed.Store.Now));
    }
}
