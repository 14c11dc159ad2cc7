using StatusHub.Channels.Webhooks;

namespace StatusHub.Tests.Channels.Webhooks;

public class TimestampedHmacTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_signature_matches_in_either_case_with_spaces_around_and_not_once_a_byte_differs()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        const string known = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

        Assert.Equal(known, TimestampedHmac.Hex("Jefe", "what do ya want for nothing?"));
        Assert.True(TimestampedHmac.Matches("Jefe", "what do ya want for nothing?", known));
        Assert.True(TimestampedHmac.Matches("Jefe", "what do ya want for nothing?", " " + known.ToUpperInvariant() + " "));
        Assert.False(TimestampedHmac.Matches("Jefe", "what do ya want for nothing!", known));
        Assert.False(TimestampedHmac.Matches("jefe", "what do ya want for nothing?", known));
        Assert.False(TimestampedHmac.Matches("Jefe", "what do ya want for nothing?", known[..^1]));
        Assert.False(TimestampedHmac.Matches("Jefe", "what do ya want for nothing?", null));
    }

    [Theory]
    [InlineData("1796385600", true)]     // now
    [InlineData("1796385300", true)]     // 5 minutes ago, the edge
    [InlineData("1796385900", true)]     // 5 minutes ahead
    [InlineData("1796385299", false)]    // a second too old
    [InlineData("1796385901", false)]    // a second too far ahead
    [InlineData("-1796385600", false)]
    [InlineData("1796385600.5", false)]
    [InlineData(" 1796385600", false)]
    [InlineData("99999999999999999999", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_timestamp_is_fresh_only_as_plain_unix_seconds_within_the_tolerance(string? timestamp, bool fresh) =>
        Assert.Equal(fresh, TimestampedHmac.IsFresh(timestamp, Now, TimeSpan.FromMinutes(5)));
}
