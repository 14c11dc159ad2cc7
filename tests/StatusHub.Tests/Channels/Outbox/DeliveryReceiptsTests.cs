using StatusHub.Channels;
using StatusHub.Channels.Outbox;

namespace StatusHub.Tests.Channels.Outbox;

/// <summary>
/// A provider may report on a message within milliseconds of taking it, before the dispatcher's group commit has written
/// the id its answer named: the report waits for that outcome instead of being lost.
/// </summary>
public sealed class DeliveryReceiptsTests
{
    private const string MessageId = "SM0123";

    [Fact]
    public async Task A_report_that_arrives_before_its_send_is_recorded_waits_for_the_outcome_and_is_kept()
    {
        using var store = new TestStore();
        var clock = new WatchedClock(store.Time);
        var receipts = new DeliveryReceipts(store.Store, clock);
        var delivery = Queue(store, DeliveryState.InFlight, externalId: null);

        var report = receipts.RecordAsync(ChannelNames.Sms, MessageId, delivered: true, error: null, TestContext.Current.CancellationToken);
        await WaitForTheDelayAsync(clock);
        Assert.False(report.IsCompleted);
        store.Store.Write(scope => scope.Collection<Delivery>().Update(delivery with { State = DeliveryState.Sent, ExternalId = MessageId, ReportId = MessageId, SentAt = store.Now }), affectsStatusPage: false);
        store.Time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.True(await report);
        Assert.NotNull(store.Store.Collection<Delivery>().FindById(delivery.Id).DeliveredAt);
    }

    [Fact]
    public async Task A_report_on_an_unknown_message_is_answered_at_once_when_nothing_is_in_flight_and_after_the_wait_when_something_is()
    {
        using var store = new TestStore();
        var clock = new WatchedClock(store.Time);
        var receipts = new DeliveryReceipts(store.Store, clock);
        Queue(store, DeliveryState.Sent, externalId: "SM-other");

        Assert.False(await receipts.RecordAsync(ChannelNames.Sms, MessageId, delivered: false, error: "30003", TestContext.Current.CancellationToken));

        var inFlight = Queue(store, DeliveryState.InFlight, externalId: null, target: "+15550111");
        var report = receipts.RecordAsync(ChannelNames.Sms, MessageId, delivered: false, error: "30003", TestContext.Current.CancellationToken);
        for (var waited = TimeSpan.Zero; waited <= DeliveryReceipts.OutcomeWait; waited += TimeSpan.FromMilliseconds(100))
        {
            await WaitForTheDelayAsync(clock);
            store.Time.Advance(TimeSpan.FromMilliseconds(100));
            if (report.IsCompleted)
            {
                break;
            }
        }

        Assert.False(await report);
        Assert.Equal(DeliveryState.InFlight, store.Store.Collection<Delivery>().FindById(inFlight.Id).State);
    }

    private static Delivery Queue(TestStore store, DeliveryState state, string? externalId, string target = "+15550100")
    {
        var delivery = new Delivery
        {
            Id = Delivery.KeyFor("n1", ChannelNames.Sms, target), NotificationId = "n1", Channel = ChannelNames.Sms, Target = target,
            State = state, ExternalId = externalId, ReportId = externalId, CreatedAt = store.Now, NextAttemptAt = store.Now,
        };
        store.Store.Write(scope => scope.Collection<Delivery>().Insert(delivery), affectsStatusPage: false);
        return delivery;
    }

    private static async Task WaitForTheDelayAsync(WatchedClock clock)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (clock.ArmedTimers == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The report never waited.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
