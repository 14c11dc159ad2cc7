using StatusHub.Text;

namespace StatusHub.Tests.Text;

public sealed class EllipsisTests
{
    [Fact]
    public void TextThatFitsIsKeptAsItIs()
    {
        Assert.Equal("short", Ellipsis.Shorten("short", 5));
    }

    [Fact]
    public void LongerTextIsCutToTheLimitWithTheEllipsisCounted()
    {
        Assert.Equal("abcd…", Ellipsis.Shorten("abcdefgh", 5));
    }

    [Fact]
    public void TheCutNeverLeavesHalfASurrogatePair()
    {
        var shortened = Ellipsis.Shorten("abc😀def", 5);

        Assert.Equal("abc…", shortened);
    }
}
