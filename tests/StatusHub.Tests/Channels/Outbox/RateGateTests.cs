using Microsoft.Extensions.Time.Testing;
using StatusHub.Channels.Outbox;

namespace StatusHub.Tests.Channels.Outbox;

public sealed class RateGateTests
{
    [Fact]
    public void LetsThroughNoMoreThanTheRateInAnyWindowEvenRightAfterAFullOne()
    {
        var time = new FakeTimeProvider(TestStore.Start);
        var gate = new RateGate(20, TimeSpan.FromMinutes(1), time);
        var passes = new List<DateTimeOffset>();

        for (var second = 0; second < 300; second++)
        {
            while (gate.TryTake(out _))
            {
                passes.Add(time.GetUtcNow());
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(100, passes.Count);
        Assert.All(passes, start => Assert.True(passes.Count(p => p >= start && p < start.AddMinutes(1)) <= 20));
    }

    [Fact]
    public void SaysHowLongUntilTheOldestPassLeavesTheWindow()
    {
        var time = new FakeTimeProvider(TestStore.Start);
        var gate = new RateGate(2, TimeSpan.FromSeconds(1), time);
        Assert.True(gate.TryTake(out _));
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(gate.TryTake(out _));

        Assert.False(gate.TryTake(out var wait));

        Assert.Equal(TimeSpan.FromMilliseconds(700), wait);
    }

    [Fact]
    public void SpreadsAFractionalRateOverALongerWindow()
    {
        var time = new FakeTimeProvider(TestStore.Start);
        var gate = new RateGate(0.5, TimeSpan.FromSeconds(1), time);
        Assert.True(gate.TryTake(out _));

        Assert.False(gate.TryTake(out var wait));

        Assert.Equal(TimeSpan.FromSeconds(2), wait);
    }
}
