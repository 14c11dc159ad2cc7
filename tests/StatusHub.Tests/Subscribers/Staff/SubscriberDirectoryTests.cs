using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;

namespace StatusHub.Tests.Subscribers.Staff;

public class SubscriberDirectoryTests
{
    [Fact]
    public void FindsANumberTypedWithSpacesAcrossChannels()
    {
        using var store = new TestStore();
        var service = new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions()));
        service.AddConfirmed(ChannelNames.Sms, "+44 7700 900123", true, null, "tests");
        service.AddConfirmed(ChannelNames.Sms, "+1 555 0100 000", true, null, "tests");

        var page = new SubscriberDirectory(store.Store).Find(new SubscriberFilter(Search: " +44 7700 "));

        Assert.Equal(["sms:+447700900123"], page.Rows.Select(r => r.Subscriber.Id));
        Assert.False(page.HasNext);
    }

    [Fact]
    public void ExportsEveryoneInBatchesInIdOrder()
    {
        using var store = new TestStore();
        new SubscriberService(store.Store, store.Time, Options.Create(new SubscribersOptions())).AddConfirmedBulk(ChannelNames.Email,
            Enumerable.Range(0, 2_500).Select(i => new ConfirmedSubscriber($"c{i:D4}@example.com", true, [])).ToList(), "tests");

        var batches = new SubscriberDirectory(store.Store).Batches().ToList();

        Assert.Equal([1_000, 1_000, 500], batches.Select(b => b.Count));
        var ids = batches.SelectMany(b => b).Select(r => r.Subscriber.Id).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(2_500, ids.Distinct().Count());
    }
}
