using StatusHub.Channels.Outbox;

namespace StatusHub.Tests.Channels.Outbox;

public class BackoffTests
{
    [Theory]
    [InlineData(1, 2.5, 5)]
    [InlineData(2, 5, 10)]
    [InlineData(3, 10, 20)]
    [InlineData(6, 80, 160)]
    [InlineData(9, 450, 900)]
    [InlineData(40, 450, 900)]
    public void DoublesEachAttemptWithHalfOfTheStepRandomAndStopsAtTheCap(int attempts, double atLeastSeconds, double atMostSeconds)
    {
        var lowest = Backoff.Delay(attempts, random: new FixedRandom(0));
        var highest = Backoff.Delay(attempts, random: new FixedRandom(0.999999));

        Assert.Equal(atLeastSeconds, lowest.TotalSeconds, 3);
        Assert.Equal(atMostSeconds, highest.TotalSeconds, 3);
    }

    [Fact]
    public void HonoursTheServersRetryAfterWhenItIsLonger()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), Backoff.Delay(1, TimeSpan.FromMinutes(2)));
        Assert.True(Backoff.Delay(6, TimeSpan.FromSeconds(1)) >= TimeSpan.FromSeconds(80));
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
