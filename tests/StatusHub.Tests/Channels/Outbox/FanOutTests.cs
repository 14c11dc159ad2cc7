using StatusHub.Channels;
using StatusHub.Channels.Outbox;

namespace StatusHub.Tests.Channels.Outbox;

public class FanOutTests
{
    private const string Secret = "fan-out-secret";

    [Fact]
    public void ALargeFanOutWritesTheFirstRowsAtOnceAndTheRestAsCompactChunks()
    {
        using var store = new TestStore();
        var readModel = new OutboxReadModel(store.Store, store.Time);

        var queued = Enqueue(store, "big", Numbers(0, 2_500));

        Assert.Equal(2_500, queued);
        Assert.Equal(OutboxStore.DirectRows, store.Store.Collection<Delivery>().Count());
        Assert.Equal([1_000, 500], store.Store.Collection<FanOutChunk>().FindAll().OrderBy(c => c.FirstSequence).Select(c => c.Targets.Count));
        var progress = Assert.Single(readModel.Progress("big"));
        Assert.Equal((ChannelNames.Sms, 2_500, 2_500), (progress.Channel, progress.Pending, progress.Total));
        Assert.Equal(2_500, readModel.QueueLength(ChannelNames.Sms));
    }

    [Fact]
    public void ExpandingAChunkWritesItsTargetsInTheOrderReservedWhenItWasQueued()
    {
        using var store = new TestStore();
        var outbox = new OutboxStore(store.Store, store.Time);
        var readModel = new OutboxReadModel(store.Store, store.Time);
        Enqueue(store, "big", Numbers(0, 2_500));

        var written = new List<int>();
        for (var rows = outbox.ExpandNextChunk(); rows > 0; rows = outbox.ExpandNextChunk())
        {
            written.Add(rows);
        }

        var deliveries = store.Store.Collection<Delivery>().FindAll().OrderBy(d => d.Sequence).ToList();
        Assert.Equal([1_000, 500], written);
        Assert.Empty(store.Store.Collection<FanOutChunk>().FindAll());
        Assert.Equal(Numbers(0, 2_500), deliveries.Select(d => d.Target));
        Assert.Equal(Enumerable.Range(1, 2_500).Select(i => (long)i), deliveries.Select(d => d.Sequence));
        Assert.All(deliveries, d => Assert.Equal((DeliveryState.Pending, store.Now), (d.State, d.NextAttemptAt)));
        Assert.Equal(2_500, Assert.Single(readModel.Progress("big")).Pending);
    }

    [Fact]
    public void ANoticeQueuedAfterAChunkWaitsUntilTheChunkIsWrittenSoNoTargetGetsItFirst()
    {
        using var store = new TestStore();
        var outbox = new OutboxStore(store.Store, store.Time);
        Enqueue(store, "first", Numbers(0, 1_500));
        Enqueue(store, "second", ["+15550001200", "+15559999999"]);

        var beforeExpansion = outbox.Claim(ChannelNames.Sms, 2_000, store.Now);
        outbox.Complete([.. beforeExpansion.Select(Sent)]);
        outbox.ExpandNextChunk();
        var afterExpansion = outbox.Claim(ChannelNames.Sms, 2_000, store.Now);
        outbox.Complete([.. afterExpansion.Select(Sent)]);
        var last = outbox.Claim(ChannelNames.Sms, 2_000, store.Now);

        Assert.Equal(1_000, beforeExpansion.Count);
        Assert.All(beforeExpansion, d => Assert.Equal("first", d.NotificationId));
        Assert.Contains(afterExpansion, d => d.Id == "first:sms:+15550001200");
        Assert.Contains(afterExpansion, d => d.Id == "second:sms:+15559999999");
        Assert.DoesNotContain(afterExpansion, d => d.Id == "second:sms:+15550001200");
        Assert.Equal(["second:sms:+15550001200"], last.Select(d => d.Id));
    }

    [Fact]
    public void AnotherChannelIsNotHeldUpByAChannelsUnwrittenChunks()
    {
        using var store = new TestStore();
        var outbox = new OutboxStore(store.Store, store.Time);
        var notification = Notice("mixed");
        store.Store.Write(scope => OutboxStore.Enqueue(
            scope,
            notification,
            Numbers(0, 1_500).Select(n => (ChannelNames.Sms, n)).Append((ChannelNames.Webhook, "https://hooks.example.com/a")),
            store.Now));

        var webhooks = outbox.Claim(ChannelNames.Webhook, 10, store.Now);

        Assert.Equal(["mixed:webhook:https://hooks.example.com/a"], webhooks.Select(d => d.Id));
        Assert.Single(store.Store.Collection<FanOutChunk>().FindAll());
    }

    [Fact]
    public async Task TheRunningDispatcherDeliversEveryTargetOfALargeFanOutExactlyOnce()
    {
        using var store = new TestStore();
        await using var gateway = await HttpReceiver.StartAsync(Secret, store.Time);
        var numbers = Numbers(0, 2_300);
        var sms = ChannelApp.SmsTo(gateway, Secret, [.. numbers]);
        // The clock is fake and never moves: a rate gate that had to wait would wait for ever.
        sms.PerSecond = 1_000_000;
        using var rig = new ChannelApp(store, sms);
        await rig.Dispatcher.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            rig.OpenIncident();

            var clock = System.Diagnostics.Stopwatch.StartNew();
            // Until every outcome is written back, not only received: stopping earlier would leave rows in flight.
            while (Sent(rig) < numbers.Count && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            await rig.Dispatcher.StopAsync(CancellationToken.None);
        }

        Assert.Equal(numbers, gateway.Received.Select(r => r.Json.GetProperty("to").GetString()!).Order(StringComparer.Ordinal));
        Assert.Empty(store.Store.Collection<FanOutChunk>().FindAll());
        Assert.All(rig.Deliveries(ChannelNames.Sms), d => Assert.Equal(DeliveryState.Sent, d.State));
    }

    private static int Sent(ChannelApp rig) => rig.Store.Store.Collection<Delivery>().Count(d => d.State == DeliveryState.Sent);

    private static List<string> Numbers(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => FormattableString.Invariant($"+1555{i:D7}"))];

    private static Notification Notice(string id) => new()
    {
        Id = id,
        Title = id,
        Messages = { [ChannelNames.Sms] = new ChannelMessage(id), [ChannelNames.Webhook] = new ChannelMessage(id) },
    };

    private static int Enqueue(TestStore store, string notificationId, IEnumerable<string> numbers) =>
        store.Store.Write(scope => OutboxStore.Enqueue(scope, Notice(notificationId) with { CreatedAt = store.Now }, numbers.Select(n => (ChannelNames.Sms, n)), store.Now));

    private static DeliveryOutcome Sent(Delivery delivery) => new(delivery, new SendResult.Sent(), delivery.CreatedAt, TimeSpan.Zero);
}
