using Microsoft.Extensions.Time.Testing;
using StatusHub.Time;

namespace StatusHub.Tests.Time;

public class SlidingWindowCountsTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void RefusesPastTheLimitUntilTheOldestLeavesTheWindow()
    {
        var time = new FakeTimeProvider(TestStore.Start);
        var counts = new SlidingWindowCounts<string>(time, Hour);

        Assert.True(counts.TryTake("a", 2, out _));
        time.Advance(TimeSpan.FromMinutes(20));
        Assert.True(counts.TryTake("a", 2, out _));
        Assert.False(counts.TryTake("a", 2, out var wait));
        Assert.Equal(TimeSpan.FromMinutes(40), wait);
        Assert.True(counts.TryTake("b", 2, out _));

        time.Advance(TimeSpan.FromMinutes(40));
        Assert.Null(counts.Wait("a", 2));
        Assert.True(counts.TryTake("a", 2, out _));
        Assert.Equal(TimeSpan.FromMinutes(20), counts.Wait("a", 2));
    }

    [Fact]
    public void TakesForEveryKeyOrForNoneAndNamesTheKeyThatWaitsLongest()
    {
        var time = new FakeTimeProvider(TestStore.Start);
        var counts = new SlidingWindowCounts<string>(time, Hour);
        counts.Record("client");
        time.Advance(TimeSpan.FromMinutes(10));
        counts.Record("address");

        Assert.False(counts.TryTakeAll(["all", "client", "address"], [10, 1, 1], out var wait, out var refusedBy));

        Assert.Equal((TimeSpan.FromMinutes(60), 2), (wait, refusedBy));
        Assert.Null(counts.Wait("all", 1));
    }

    [Fact]
    public void ForgetsQuietKeysWhenFullAndStartsOverWhenAllAreLive()
    {
        var time = new FakeTimeProvider(TestStore.Start);
        var counts = new SlidingWindowCounts<int>(time, Hour, maxKeys: 3);
        counts.Record(1);
        counts.Record(2);
        time.Advance(Hour);
        counts.Record(3);
        counts.Record(4);

        // 1 and 2 were quiet and dropped; 3 and 4 are still counted.
        Assert.Equal(Hour, counts.Wait(3, 1));
        counts.Record(5);
        counts.Record(6);

        // Full of live keys: every count starts over rather than growing without bound.
        Assert.Null(counts.Wait(3, 1));
        Assert.Equal(Hour, counts.Wait(6, 1));
    }
}
