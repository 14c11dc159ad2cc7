using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Outbox;

/// <summary>Read-only mode stops new writes, not the outbox: what was queued before goes out and its outcomes are recorded.</summary>
public sealed class ReadOnlyDeliveryTests
{
    [Fact]
    public async Task WhatWasQueuedBeforeReadOnlyIsDeliveredAndRecordedWhileNothingNewCanBeQueued()
    {
        await using var sink = new SmtpSink();
        using var store = new TestStore();
        // More than one fan-out chunk's worth of rows, so the queued chunk is written out while read-only too.
        var recipients = Enumerable.Range(0, OutboxStore.DirectRows + 20).Select(i => $"reader{i}@example.org").ToList();
        var settings = ChannelApp.EmailTo(sink, recipients);
        // The rate gate runs on the test's clock, which does not move here.
        settings["Email:PerSecond"] = "100000";
        using var rig = new ChannelApp(store, settings: settings);
        rig.OpenIncident("Checkout is down");
        var mode = rig.Get<ReadOnlyMode>();
        mode.SwitchOn("admin@example.com", "restoring a backup");

        await rig.DeliverDueAsync();

        Assert.Equal(recipients.Order(), sink.Received.SelectMany(m => m.Recipients).Order());
        Assert.All(rig.Deliveries(ChannelNames.Email), d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.Equal(recipients.Count, rig.Deliveries(ChannelNames.Email).Count);
        var refused = Assert.Throws<ReadOnlyException>(() => rig.OpenIncident("Another one"));
        Assert.Equal(mode.Current!.Sentence, refused.Message);
    }
}
