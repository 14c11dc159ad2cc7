using System.Globalization;
using StatusHub.Channels.Social;

namespace StatusHub.Tests.Channels.Social;

public sealed class SocialTextTests
{
    private const string Link = "https://status.example.com/incidents/abc";

    [Theory]
    [InlineData("Cafe\u0301", 4)]
    [InlineData("👨‍👩‍👧‍👦", 1)]
    [InlineData("🇩🇪🇫🇷", 2)]
    [InlineData("👍🏽 ok", 4)]
    public void GraphemesAreCountedAsAReaderSeesThem(string text, int graphemes) => Assert.Equal(graphemes, SocialText.Graphemes(text));

    [Fact]
    public void MastodonCountsEveryLinkAsTwentyThreeCharacters() =>
        Assert.Equal(5 + 23 + 5 + 23, SocialText.MastodonLength("See: https://example.com/a/very/long/path/indeed and http://x.example"));

    [Theory]
    [InlineData("Cafe\u0301 ", 10)]
    [InlineData("👨‍👩‍👧‍👦 ", 12)]
    [InlineData("🇩🇪", 15)]
    [InlineData("a\u0308\u0301", 9)]
    public void AShortenedTextEndsOnAWholeGraphemeThenTheEllipsisAndTheLink(string unit, int max)
    {
        var body = string.Concat(Enumerable.Repeat(unit, 20));

        var fitted = SocialText.Fit(body, Link, text => SocialText.Graphemes(text.Replace(Link, "", StringComparison.Ordinal)) <= max);

        Assert.EndsWith("…\n\n" + Link, fitted);
        var kept = fitted[..^("…\n\n" + Link).Length];
        Assert.StartsWith(kept, body);
        Assert.Contains(kept.Length, StringInfo.ParseCombiningCharacters(body).Append(body.Length));
        Assert.InRange(SocialText.Graphemes(kept) + 3, max - SocialText.Graphemes(unit), max);
    }

    [Fact]
    public void AShortTextKeepsItsWordsAndGetsTheLinkAfterABlankLine() =>
        Assert.Equal("All good.\n\n" + Link, SocialText.Fit("  All good. ", Link, SocialText.FitsBluesky));

    [Fact]
    public void BlueskysByteLimitCountsToo() =>
        Assert.False(SocialText.FitsBluesky(string.Concat(Enumerable.Repeat("👨‍👩‍👧‍👦", 200))));
}
