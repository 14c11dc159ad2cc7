using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Incidents;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Outbox;

public class OutboxStoreTests
{
    private static readonly SmsOptions Sms = new() { WebhookUrl = "http://127.0.0.1:9/sms", Secret = "s", Recipients = ["+15550100", "+15550101"] };

    [Fact]
    public void QueuesTheDeliveriesInTheSameTransactionAsTheUpdate()
    {
        using var store = new TestStore();
        using var rig = new ChannelApp(store, Sms);

        var incident = rig.OpenIncident();

        var notificationId = incident.Updates[0].NotificationId;
        Assert.NotNull(notificationId);
        Assert.Equal(2, rig.Deliveries(ChannelNames.Sms).Count(d => d.NotificationId == notificationId && d.State == DeliveryState.Pending));
        Assert.Equal($"{notificationId}:sms:+15550100", rig.Deliveries(ChannelNames.Sms)[0].Id);
    }

    [Fact]
    public void AFailingPublisherRollsTheIncidentUpdateBack()
    {
        using var store = new TestStore();
        using var rig = new ChannelApp(store, Sms, extraRecipients: new ThrowingRecipients());

        Assert.Throws<InvalidOperationException>(() => rig.OpenIncident());

        Assert.Empty(store.Incidents.Recent());
        Assert.Empty(store.Store.Collection<Notification>().FindAll());
        Assert.Empty(store.Store.Collection<Delivery>().FindAll());
        Assert.Empty(new AuditLog(store.Store).Page(0));
    }

    [Fact]
    public void TheIdempotencyKeyKeepsATargetFromBeingQueuedTwice()
    {
        using var store = new TestStore();
        var notification = new Notification { Id = "n1", Title = "Down", Messages = { [ChannelNames.Sms] = new ChannelMessage("Down") } };
        var queued = store.Store.Write(scope => OutboxStore.Enqueue(scope, notification, [(ChannelNames.Sms, "+15550100"), (ChannelNames.Sms, "+15550100")], store.Now));

        Assert.ThrowsAny<LiteDB.LiteException>(() => store.Store.Write(scope => scope.Collection<Delivery>().Insert(
            new Delivery { Id = Delivery.KeyFor("n1", ChannelNames.Sms, "+15550100"), NotificationId = "n1", Channel = ChannelNames.Sms, Target = "+15550100" })));

        Assert.Equal(1, queued);
        Assert.Equal(["n1:sms:+15550100"], store.Store.Collection<Delivery>().FindAll().Select(d => d.Id));
    }

    [Fact]
    public void ATargetGetsItsMessagesOneAtATimeInOrder()
    {
        using var store = new TestStore();
        var outbox = new OutboxStore(store.Store, store.Time);
        Enqueue(store, "first", "+15550100", "+15550101");
        store.Time.Advance(TimeSpan.FromSeconds(1));
        Enqueue(store, "second", "+15550100");

        var batch1 = outbox.Claim(ChannelNames.Sms, 10, store.Now);
        var whileInFlight = outbox.Claim(ChannelNames.Sms, 10, store.Now);
        outbox.Complete([.. batch1.Select(d => new DeliveryOutcome(d, d.Target == "+15550100" ? new SendResult.Transient("HTTP 503") : new SendResult.Sent(), store.Now, TimeSpan.FromSeconds(5)))]);
        var whileFirstWaitsForRetry = outbox.Claim(ChannelNames.Sms, 10, store.Now);
        store.Time.Advance(TimeSpan.FromSeconds(5));
        var retry = outbox.Claim(ChannelNames.Sms, 10, store.Now);
        outbox.Complete([.. retry.Select(d => new DeliveryOutcome(d, new SendResult.Sent(), store.Now, TimeSpan.Zero))]);
        var batch2 = outbox.Claim(ChannelNames.Sms, 10, store.Now);

        Assert.Equal(["first:sms:+15550100", "first:sms:+15550101"], batch1.Select(d => d.Id).Order());
        Assert.Empty(whileInFlight);
        Assert.Empty(whileFirstWaitsForRetry);
        Assert.Equal(["first:sms:+15550100"], retry.Select(d => d.Id));
        Assert.Equal(["second:sms:+15550100"], batch2.Select(d => d.Id));
    }

    [Fact]
    public void PutsWhatWasInFlightAtACrashBackInTheQueue()
    {
        using var store = new TestStore();
        Enqueue(store, "n1", "+15550100", "+15550101", "+15550102");
        new OutboxStore(store.Store, store.Time).Claim(ChannelNames.Sms, 2, store.Now);

        var afterRestart = new OutboxStore(store.Store, store.Time);
        var recovered = afterRestart.RecoverInFlight();

        Assert.Equal(2, recovered);
        Assert.All(store.Store.Collection<Delivery>().FindAll(), d => Assert.Equal(DeliveryState.Pending, d.State));
        Assert.Equal(3, afterRestart.Claim(ChannelNames.Sms, 10, store.Now).Count);
    }

    [Fact]
    public void RetryingADeadLetterQueuesItAgainClearsTheFailingTargetAndIsAudited()
    {
        using var store = new TestStore();
        var outbox = new OutboxStore(store.Store, store.Time);
        var readModel = new OutboxReadModel(store.Store, store.Time);
        RefuseForGood(store, outbox, "n1", "+15550100");
        var dead = Assert.Single(readModel.DeadLetters());
        Assert.NotNull(store.Store.Collection<FailingTarget>().FindById(FailingTarget.KeyFor(ChannelNames.Sms, "+15550100")));

        store.Time.Advance(TimeSpan.FromMinutes(10));
        readModel.Retry(dead.Id, "admin@example.com");

        Assert.Empty(readModel.DeadLetters());
        Assert.Empty(store.Store.Collection<FailingTarget>().FindAll());
        var again = Assert.Single(outbox.Claim(ChannelNames.Sms, 1, store.Now));
        Assert.Equal(dead.Id, again.Id);
        Assert.Equal("delivery.retried", Assert.Single(new AuditLog(store.Store).Page(0, $"delivery:{dead.Id}")).Action);
        Assert.Throws<ValidationException>(() => readModel.Retry(dead.Id, "admin@example.com"));
    }

    [Fact]
    public void ADeadLetterOfSomeoneWhoLeftCannotBeRetriedSoNothingIsSentToTheirForgottenAddress()
    {
        using var store = new TestStore();
        var outbox = new OutboxStore(store.Store, store.Time);
        var readModel = new OutboxReadModel(store.Store, store.Time);
        RefuseForGood(store, outbox, "n1", "+15550100");
        store.Store.Write(scope => OutboxStore.Forget(scope, ChannelNames.Sms, "+15550100"), affectsStatusPage: false);
        var dead = Assert.Single(readModel.DeadLetters());

        var refused = Assert.Throws<ValidationException>(() => readModel.Retry(dead.Id, "admin@example.com"));

        Assert.Contains("has left", refused.Message);
        Assert.Equal((OutboxStore.ForgottenTarget, DeliveryState.Failed), (dead.Target, Assert.Single(readModel.DeadLetters()).State));
        Assert.Empty(outbox.Claim(ChannelNames.Sms, 1, store.Now));
    }

    [Fact]
    public void ProgressFollowsEveryStepAndAFinishedNoticeStaysCountedUntilADeadLetterIsRetried()
    {
        using var store = new TestStore();
        var outbox = new OutboxStore(store.Store, store.Time);
        var readModel = new OutboxReadModel(store.Store, store.Time);
        Enqueue(store, "n1", "+15550100", "+15550101", "+15550102");
        var queued = readModel.Progress("n1").Single();
        var claimed = outbox.Claim(ChannelNames.Sms, 3, store.Now);
        var inFlight = readModel.Progress("n1").Single();
        outbox.Complete(
        [
            new DeliveryOutcome(claimed[0], new SendResult.Sent("m1"), store.Now, TimeSpan.Zero),
            new DeliveryOutcome(claimed[1], new SendResult.Permanent("HTTP 400 Bad Request"), store.Now, TimeSpan.Zero),
            new DeliveryOutcome(claimed[2], new SendResult.Transient("HTTP 503"), store.Now, TimeSpan.FromMinutes(1)),
        ]);
        var retrying = readModel.Progress("n1").Single();
        store.Time.Advance(TimeSpan.FromMinutes(1));
        var second = outbox.Claim(ChannelNames.Sms, 3, store.Now).Single();
        outbox.Complete([new DeliveryOutcome(second, new SendResult.Sent("m2"), store.Now, TimeSpan.Zero)]);
        var finished = readModel.Progress("n1").Single();
        var finishedAgain = readModel.Progress("n1").Single();

        readModel.Retry(claimed[1].Id, "admin@example.com");
        var retried = readModel.Progress("n1").Single();

        Assert.Equal((3, 0, 0, 0, 0), (queued.Pending, queued.Retrying, queued.InFlight, queued.Sent, queued.Failed));
        Assert.Equal((0, 0, 3, 0, 0), (inFlight.Pending, inFlight.Retrying, inFlight.InFlight, inFlight.Sent, inFlight.Failed));
        Assert.Equal((0, 1, 0, 1, 1), (retrying.Pending, retrying.Retrying, retrying.InFlight, retrying.Sent, retrying.Failed));
        Assert.Equal((0, 0, 0, 2, 1, true), (finished.Pending, finished.Retrying, finished.InFlight, finished.Sent, finished.Failed, finished.Done));
        Assert.Equal(finished, finishedAgain);
        Assert.Equal((1, 2, 0, false), (retried.Retrying, retried.Sent, retried.Failed, retried.Done));
    }

    [Fact]
    public async Task OnlyARowWhoseProviderReportsDeliveriesIsWrittenIntoTheReportIndexAndAReportFindsOnlyIt()
    {
        using var store = new TestStore();
        var outbox = new OutboxStore(store.Store, store.Time);
        Enqueue(store, "n1", "+15550100", "+15550101");
        var claimed = outbox.Claim(ChannelNames.Sms, 10, store.Now);

        outbox.Complete(
        [
            new DeliveryOutcome(claimed[0], new SendResult.Sent("SM1", DeliveryReported: true), store.Now, TimeSpan.Zero),
            new DeliveryOutcome(claimed[1], new SendResult.Sent("<m1@example.net>"), store.Now, TimeSpan.Zero),
        ]);
        var receipts = new DeliveryReceipts(store.Store, store.Time);

        var rows = store.Store.Collection<Delivery>().FindAll().OrderBy(d => d.Sequence).ToList();
        Assert.Equal([("SM1", "SM1"), ("<m1@example.net>", null)], rows.Select(d => (d.ExternalId, d.ReportId)));
        Assert.False(await receipts.RecordAsync(ChannelNames.Sms, "<m1@example.net>", delivered: true, error: null, TestContext.Current.CancellationToken));
        Assert.True(await receipts.RecordAsync(ChannelNames.Sms, "SM1", delivered: true, error: null, TestContext.Current.CancellationToken));
    }

    /// <summary>Queues <paramref name="notificationId"/> for <paramref name="number"/> and records the gateway refusing it for good.</summary>
    private static void RefuseForGood(TestStore store, OutboxStore outbox, string notificationId, string number)
    {
        Enqueue(store, notificationId, number);
        var claimed = outbox.Claim(ChannelNames.Sms, 1, store.Now).Single();
        outbox.Complete([new DeliveryOutcome(claimed, new SendResult.Permanent("HTTP 400 Bad Request"), store.Now, TimeSpan.Zero)]);
    }

    private static void Enqueue(TestStore store, string notificationId, params string[] numbers) =>
        store.Store.Write(scope => OutboxStore.Enqueue(
            scope,
            new Notification { Id = notificationId, Title = notificationId, CreatedAt = store.Now, Messages = { [ChannelNames.Sms] = new ChannelMessage(notificationId) } },
            numbers.Select(n => (ChannelNames.Sms, n)),
            store.Now));

    private sealed class ThrowingRecipients : IRecipientSource
    {
        public IEnumerable<Recipient> Targets(string channel, NotificationContent content, IDocumentReader reader) =>
            throw new InvalidOperationException("The subscriber list could not be read.");
    }
}
