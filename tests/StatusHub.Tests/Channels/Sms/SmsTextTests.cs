using StatusHub.Channels.Sms;

namespace StatusHub.Tests.Channels.Sms;

public class SmsTextTests
{
    private const string Link = "https://status.example.com/i/abc123def456";

    public static TheoryData<string, string, string, int, int> Texts => new()
    {
        // case, text, encoding, units, segments
        { "160 GSM-7 characters fill one segment", new string('a', 160), "GSM-7", 160, 1 },
        { "161 need a second segment of 153", new string('a', 161), "GSM-7", 161, 2 },
        { "306 fill two segments of 153", new string('a', 306), "GSM-7", 306, 2 },
        { "307 need a third", new string('a', 307), "GSM-7", 307, 3 },
        { "accented letters of the basic table cost one", "Café Ñu àèéìòù ÄÖÜ ß", "GSM-7", 20, 1 },
        { "extension characters cost two", "{[~]}|^€\\", "GSM-7", 18, 1 },
        { "80 euro signs are 160 septets", new string('€', 80), "GSM-7", 160, 1 },
        { "81 euro signs: 76 to a segment", new string('€', 81), "GSM-7", 162, 2 },
        { "an escape pair is not split over two segments", new string('a', 152) + "€" + new string('a', 152), "GSM-7", 306, 3 },
        { "one character outside GSM-7 makes it all UCS-2", "Checkout down – investigating", "UCS-2", 29, 1 },
        { "lower-case c cedilla is not GSM-7", "ça", "UCS-2", 2, 1 },
        { "nor is u acute, though u grave is", "Ñandú", "UCS-2", 5, 1 },
        { "70 UCS-2 characters fill one segment", new string('й', 70), "UCS-2", 70, 1 },
        { "71 need a second segment of 67", new string('й', 71), "UCS-2", 71, 2 },
        { "134 fill two segments of 67", new string('й', 134), "UCS-2", 134, 2 },
        { "135 need a third", new string('й', 135), "UCS-2", 135, 3 },
        { "an emoji is two UTF-16 units", "Down 🔥", "UCS-2", 7, 1 },
        { "an emoji is not split over two segments", new string('a', 66) + "🔥" + new string('a', 66), "UCS-2", 134, 3 },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void CountsSegmentsAsAPhoneSplitsThem(string @case, string text, string encoding, int units, int segments)
    {
        var counted = SmsText.Count(text);

        Assert.True((encoding, units, segments) == (counted.Encoding, counted.Units, counted.Segments),
            $"{@case}: expected {encoding} {units} units in {segments} segments, counted {counted.Encoding} {counted.Units} in {counted.Segments}.");
    }

    [Fact]
    public void LeavesAShortTextWholeWithTheLinkAfterIt()
    {
        Assert.Equal("Acme: Checkout is down. " + Link, SmsText.Fit("Acme: Checkout is down.", Link));
    }

    [Fact]
    public void CutsALongGsm7TextToTwoSegmentsKeepingTheLinkAndTheSevenBitEncoding()
    {
        var text = string.Join(' ', Enumerable.Repeat("Payments are failing for some customers.", 12));

        var fitted = SmsText.Fit(text, Link);

        var counted = SmsText.Count(fitted);
        Assert.EndsWith("... " + Link, fitted);
        Assert.True(counted.IsGsm7, fitted);
        Assert.Equal(2, counted.Segments);
        Assert.True(counted.Units > 290, $"Only {counted.Units} of 306 septets used: the cut went further than two segments need.");
    }

    [Fact]
    public void CutsALongUcs2TextToTwoSegmentsKeepingTheLink()
    {
        var text = string.Concat(Enumerable.Repeat("Оплата не проходит. ", 20));

        var fitted = SmsText.Fit(text, Link);

        Assert.EndsWith("… " + Link, fitted);
        Assert.Equal(2, SmsText.Count(fitted).Segments);
    }

    [Fact]
    public void NeverCutsAnEmojiInHalf()
    {
        var fitted = SmsText.Fit(string.Concat(Enumerable.Repeat("🔥", 200)), Link);

        Assert.EndsWith(Link, fitted);
        Assert.True(SmsText.Count(fitted).Segments <= 2);
        for (var i = 0; i < fitted.Length; i++)
        {
            Assert.False(char.IsHighSurrogate(fitted[i]) && (i + 1 == fitted.Length || !char.IsLowSurrogate(fitted[i + 1])), $"Lone high surrogate at {i}.");
        }
    }
}
