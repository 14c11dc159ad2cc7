using StatusHub.Text;

namespace StatusHub.Tests.Text;

public sealed class WholeCharactersTests
{
    [Theory]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab", 3, "ab")]
    [InlineData("😀bc", 1, "😀")]
    [InlineData("a😀c", 2, "a😀")]
    public void TheStartKeepsACharacterTheCutWouldSplit(string text, int length, string start)
    {
        Assert.Equal(start, WholeCharacters.Start(text, length));
    }

    [Theory]
    [InlineData("abcdef", 3, "def")]
    [InlineData("ab", 3, "ab")]
    [InlineData("ab😀", 1, "😀")]
    [InlineData("a😀c", 2, "😀c")]
    public void TheEndKeepsACharacterTheCutWouldSplit(string text, int length, string end)
    {
        Assert.Equal(end, WholeCharacters.End(text, length));
    }
}
