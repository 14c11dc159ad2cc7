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
            while (gate.TryTake(out _) is { } pass)
            {
                pass.Dispose();
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
        gate.TryTake(out _)!.Dispose();
        time.Advance(TimeSpan.FromMilliseconds(300));
        gate.TryTake(out _)!.Dispose();

        Assert.Null(gate.TryTake(out var wait));

        Assert.Equal(TimeSpan.FromMilliseconds(700), wait);
    }

    [Fact]
    public void SpreadsAFractionalRateOverALongerWindow()
    {
        var time = new FakeTimeProvider(TestStore.Start);
        var gate = new RateGate(0.5, TimeSpan.FromSeconds(1), time);
        gate.TryTake(out _)!.Dispose();

        Assert.Null(gate.TryTake(out var wait));

        Assert.Equal(TimeSpan.FromSeconds(2), wait);
    }

    [Fact]
    public void CountsAPassUntilItsSendEndsSoALateArrivalCannotShareAWindowWithTheNextPass()
    {
        var time = new FakeTimeProvider(TestStore.Start);
        var gate = new RateGate(1, TimeSpan.FromSeconds(1), time);
        var slow = gate.TryTake(out _)!;
        // The send takes 400 ms: the message may reach the receiver only at its very end.
        time.Advance(TimeSpan.FromMilliseconds(400));
        slow.Dispose();
        time.Advance(TimeSpan.FromMilliseconds(700));

        Assert.Null(gate.TryTake(out var wait));

        Assert.Equal(TimeSpan.FromMilliseconds(300), wait);
    }

    [Fact]
    public async Task WaitsForASendStillUnderWayWhenItHoldsTheLastPlace()
    {
        var time = new FakeTimeProvider(TestStore.Start);
        var gate = new RateGate(1, TimeSpan.FromSeconds(1), time);
        var sending = gate.TryTake(out _)!;
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(gate.TryTake(out _));

        var next = gate.WaitAsync(TestContext.Current.CancellationToken);
        sending.Dispose();
        var released = time.GetUtcNow();
        for (var step = 0; step < 100 && !next.IsCompleted; step++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.True(next.IsCompleted, "The waiting pass was never let through after the send ended.");
        (await next).Dispose();
        Assert.True(time.GetUtcNow() >= released.AddSeconds(1), $"Let through {time.GetUtcNow() - released} after the send ended.");
    }
}
