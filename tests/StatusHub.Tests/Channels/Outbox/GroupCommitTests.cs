using System.Collections.Concurrent;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;

namespace StatusHub.Tests.Channels.Outbox;

/// <summary>
/// Outcomes are written back in small groups as the sends finish, and the dispatcher claims no more than it can send before
/// the next group is written: what a kill -9 can send twice is bounded by what is truly on the wire, not by a batch.
/// The dispatcher is stepped on the fake clock; the SMTP sink looks at the store each time a message arrives.
/// </summary>
public sealed class GroupCommitTests
{
    private const int Recipients = 240;
    private const int Connections = 4;

    private static readonly List<string> Addresses = [.. Enumerable.Range(0, Recipients).Select(i => $"reader{i:D3}@example.org")];

    /// <summary>The defaults: 4 SMTP connections and groups of 8 outcomes.</summary>
    private static int Window => Connections + new OutboxOptions().GroupCommitSize;

    [Fact]
    public async Task OutcomesReachTheStoreWhileTheFanOutIsStillSending()
    {
        var seen = await FanOutWatchingTheStoreAsync();

        Assert.All(seen, s => Assert.True(s.Sent >= s.Arrived - Window,
            $"When message {s.Arrived} arrived the store had recorded only {s.Sent} sent: outcomes wait for the end of a batch."));
        Assert.Contains(seen, s => s.Sent > 0 && s.Arrived < Recipients);
    }

    [Fact]
    public async Task NeverMoreThanTheWindowIsClaimedInFlightAtOnce()
    {
        var seen = await FanOutWatchingTheStoreAsync();

        Assert.All(seen, s => Assert.InRange(s.InFlight, 1, Window));
        Assert.Equal(Recipients, seen.Count);
    }

    /// <summary>Delivers one update to every address, stepping the dispatcher; returns what the store said at each arrival.</summary>
    private static async Task<IReadOnlyList<Sighting>> FanOutWatchingTheStoreAsync()
    {
        await using var sink = new SmtpSink { Delay = TimeSpan.FromMilliseconds(1) };
        using var store = new TestStore();
        var settings = ChannelApp.EmailTo(sink, Addresses, Connections);
        settings["Email:PerSecond"] = "1000000";
        using var rig = new ChannelApp(store, settings: settings);
        var seen = new ConcurrentQueue<Sighting>();
        sink.DeliverTo = _ =>
        {
            var arrived = sink.Received.Count;
            var rows = store.Store.Collection<Delivery>().Find(d => d.Channel == ChannelNames.Email).ToList();
            seen.Enqueue(new Sighting(arrived, rows.Count(r => r.State == DeliveryState.Sent), rows.Count(r => r.State == DeliveryState.InFlight)));
        };

        rig.OpenIncident();
        await rig.DeliverDueAsync();

        Assert.Equal(Addresses, sink.Received.SelectMany(m => m.Recipients).Order());
        Assert.All(rig.Deliveries(ChannelNames.Email), d => Assert.Equal(DeliveryState.Sent, d.State));
        return [.. seen];
    }

    private sealed record Sighting(int Arrived, int Sent, int InFlight);
}
