using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Outbox;

/// <summary>
/// Delivery rows older than <c>Outbox:DeliveryRetentionDays</c> go, in small transactions, while what staff and
/// post-mortems count from them stays as it was; a notice still being delivered is never touched.
/// </summary>
public sealed class DeliveryRetentionTests : IDisposable
{
    private const string Subject = "incident:retained";

    private readonly TestStore _store = new();

    private OutboxStore Outbox => _store.Get<OutboxStore>();

    private DeliveryRetention Retention => _store.Get<DeliveryRetention>();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void CountsAreTheSameAfterTheRowsAreGone()
    {
        Queue("first", Subject, (ChannelNames.Email, "ada@example.org"), (ChannelNames.Email, "bob@example.org"), (ChannelNames.Email, "cy@example.org"), (ChannelNames.Telegram, "-100"));
        DeliverAll(refuse: "cy@example.org");
        _store.Time.Advance(TimeSpan.FromHours(1));
        Queue("second", Subject, (ChannelNames.Email, "ada@example.org"), (ChannelNames.Email, "dee@example.org"), (ChannelNames.Telegram, "-100"));
        DeliverAll();
        var before = Counts();

        _store.Time.Advance(TimeSpan.FromDays(OutboxOptions.DefaultDeliveryRetentionDays + 1));
        Retention.RunOnce();

        Assert.Equal(0, _store.Store.Collection<Delivery>().Count());
        var after = Counts();
        Assert.Equal(before.First, after.First);
        Assert.Equal(before.Second, after.Second);
        Assert.Equal(before.Both, after.Both);
        Assert.Equal(before.FirstOnly, after.FirstOnly);
        Assert.Equal([new SentCount(ChannelNames.Email, 3), new SentCount(ChannelNames.Telegram, 1)], after.Both);
        Assert.Equal(new ChannelProgress(ChannelNames.Email, 0, 0, 0, 2, 1), after.First.Single(p => p.Channel == ChannelNames.Email));
    }

    [Fact]
    public void ANoticeStillInFlightAndItsIncidentsOtherNoticesAreNeverTouched()
    {
        Queue("done", Subject, (ChannelNames.Email, "ada@example.org"));
        DeliverAll();
        Queue("sending", Subject, (ChannelNames.Email, "bob@example.org"), (ChannelNames.Email, "cy@example.org"));
        Assert.Equal(2, Outbox.Claim(ChannelNames.Email, 10, _store.Now).Count);
        Queue("alone", "incident:other", (ChannelNames.Email, "dee@example.org"));
        DeliverAll();

        _store.Time.Advance(TimeSpan.FromDays(OutboxOptions.DefaultDeliveryRetentionDays + 1));
        Retention.RunOnce();

        Assert.Equal(1, Rows("done"));
        Assert.Equal(2, Rows("sending"));
        Assert.Equal(0, Rows("alone"));
        Assert.Equal(2, Fresh().Progress("sending").Single().InFlight);
    }

    [Fact]
    public void RowsYoungerThanTheRetentionPeriodStay()
    {
        Queue("recent", Subject, (ChannelNames.Email, "ada@example.org"));
        DeliverAll();

        _store.Time.Advance(TimeSpan.FromDays(OutboxOptions.DefaultDeliveryRetentionDays - 1));
        Retention.RunOnce();

        Assert.Equal(1, Rows("recent"));
    }

    [Fact]
    public void WhileTheStoreIsReadOnlyTheRoundWaitsAndTheRoundAfterCatchesUp()
    {
        Queue("old", Subject, (ChannelNames.Email, "ada@example.org"));
        DeliverAll();
        _store.Time.Advance(TimeSpan.FromDays(OutboxOptions.DefaultDeliveryRetentionDays + 1));
        var mode = _store.Get<ReadOnlyMode>();

        mode.SwitchOn("admin@example.com", "restoring last night's backup");
        Retention.Round();
        Assert.Equal(1, Rows("old"));

        mode.SwitchOff("admin@example.com");
        Retention.Round();
        Assert.Equal(0, Rows("old"));
    }

    [Fact]
    public void RowsGoInTransactionsOfAFewHundredAndTheCountsHoldMeanwhile()
    {
        var targets = Enumerable.Range(0, 1_205).Select(i => (ChannelNames.Email, $"reader{i}@example.org")).ToArray();
        Queue("large", Subject, targets);
        while (Outbox.ExpandNextChunk() > 0)
        {
        }

        DeliverAll();
        var before = Fresh().Progress("large");
        _store.Time.Advance(TimeSpan.FromDays(OutboxOptions.DefaultDeliveryRetentionDays + 1));

        var steps = new List<int>();
        while (Retention.Step() is { } deleted)
        {
            steps.Add(deleted);
            Assert.Equal(before, Fresh().Progress("large"));
            Assert.Equal([new SentCount(ChannelNames.Email, 1_205)], Fresh().SentCountsFor(["large"]));
        }

        Assert.All(steps, s => Assert.InRange(s, 0, DeliveryRetention.RowsPerTransaction));
        Assert.True(steps.Count(s => s > 0) >= 3);
        Assert.Equal(1_205, steps.Sum());
        Assert.Equal(0, Rows("large"));
    }

    private (IReadOnlyList<ChannelProgress> First, IReadOnlyList<ChannelProgress> Second, IReadOnlyList<SentCount> Both, IReadOnlyList<SentCount> FirstOnly) Counts()
    {
        var model = Fresh();
        return (model.Progress("first"), model.Progress("second"), model.SentCountsFor(["first", "second"]), model.SentCountsFor(["first"]));
    }

    /// <summary>A read model that remembers nothing, so every count is read from the store.</summary>
    private OutboxReadModel Fresh() => new(_store.Store, _store.Time);

    private int Rows(string notificationId) => _store.Store.Collection<Delivery>().Count(d => d.NotificationId == notificationId);

    private void Queue(string id, string subject, params (string Channel, string Target)[] targets) =>
        _store.Store.Write(
            scope => OutboxStore.Enqueue(scope, new Notification { Id = id, Title = id, Subject = subject, CreatedAt = _store.Now }, targets, _store.Now),
            affectsStatusPage: false);

    /// <summary>Sends everything due, as the dispatcher would, refusing one target for good.</summary>
    private void DeliverAll(string? refuse = null)
    {
        foreach (var channel in new[] { ChannelNames.Email, ChannelNames.Telegram })
        {
            while (Outbox.Claim(channel, 2_000, _store.Now) is { Count: > 0 } claimed)
            {
                Outbox.Complete([.. claimed.Select(d => new DeliveryOutcome(
                    d, d.Target == refuse ? new SendResult.Permanent("550 no such mailbox") : new SendResult.Sent($"id-{d.Id}"), _store.Now, TimeSpan.Zero))]);
            }
        }
    }
}
