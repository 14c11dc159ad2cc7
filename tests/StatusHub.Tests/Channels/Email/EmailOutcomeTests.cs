using StatusHub.Channels;
using StatusHub.Channels.Outbox;

namespace StatusHub.Tests.Channels.Email;

/// <summary>What the outbox makes of the email channel's answers: retry later, or give the address up.</summary>
public sealed class EmailOutcomeTests : IAsyncLifetime
{
    private readonly TestStore _store = new();
    private readonly SmtpSink _sink = new();
    private EmailChannelApp _email = null!;
    private OutboxStore _outbox = null!;

    public ValueTask InitializeAsync()
    {
        _email = new EmailChannelApp(_sink);
        _outbox = new OutboxStore(_store.Store, _store.Time);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _email.DisposeAsync();
        await _sink.DisposeAsync();
        _store.Dispose();
    }

    [Fact]
    public async Task MarksTheAddressFailingWhenItsMailboxIsUnavailable()
    {
        _sink.Reject("gone@example.org", 550);

        var delivery = await AttemptAsync("gone@example.org");

        Assert.Equal(DeliveryState.Failed, delivery.State);
        var failing = _store.Store.Collection<FailingTarget>().FindById(FailingTarget.KeyFor(ChannelNames.Email, "gone@example.org"));
        Assert.NotNull(failing);
        Assert.Contains("550", failing.LastError);
    }

    [Fact]
    public async Task RetriesLaterWithoutMarkingTheAddressWhenTheRelaySaysTryLater()
    {
        _sink.Reject("busy@example.org", 451);

        var delivery = await AttemptAsync("busy@example.org");

        Assert.Equal(DeliveryState.Pending, delivery.State);
        Assert.True(delivery.NextAttemptAt > _store.Now);
        Assert.Empty(_store.Store.Collection<FailingTarget>().FindAll());
    }

    [Theory]
    [InlineData("554 5.7.1 message refused as spam")]
    [InlineData("552 5.3.4 message too big")]
    public async Task DeadLettersAMessageTheRelayRefusesAfterDataWithItsReplyAndKeepsTheAddress(string reply)
    {
        _sink.RefuseMessageTo("reader@example.org", reply);

        var delivery = await AttemptAsync("reader@example.org");

        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Contains(reply[4..], delivery.LastError);
        Assert.Equal(delivery.Id, Assert.Single(new OutboxReadModel(_store.Store, _store.Time).DeadLetters()).Id);
        Assert.Empty(_store.Store.Collection<FailingTarget>().FindAll());
    }

    [Fact]
    public async Task RetriesLaterAMessageTheRelayDefersAfterData()
    {
        _sink.RefuseMessageTo("reader@example.org", "451 4.7.1 greylisted, try again later");

        var delivery = await AttemptAsync("reader@example.org");

        Assert.Equal(DeliveryState.Pending, delivery.State);
        Assert.True(delivery.NextAttemptAt > _store.Now);
        Assert.Contains("451", delivery.LastError);
    }

    /// <summary>Queues one notice to <paramref name="to"/>, lets the channel try it once as the dispatcher would, and returns the stored row.</summary>
    private async Task<Delivery> AttemptAsync(string to)
    {
        var message = _email.Message(to);
        _store.Store.Write(scope => OutboxStore.Enqueue(scope, message.Notification, [(ChannelNames.Email, to)], _store.Now));
        var claimed = Assert.Single(_outbox.Claim(ChannelNames.Email, 10, _store.Now));

        var result = await _email.Channel.SendAsync(message with { Delivery = claimed }, TestContext.Current.CancellationToken);

        _outbox.Complete([new DeliveryOutcome(claimed, result, _store.Now, Backoff.Delay(claimed.Attempts, (result as SendResult.Transient)?.RetryAfter))]);
        return _store.Store.Collection<Delivery>().FindById(claimed.Id);
    }
}
