using StatusHub.Postmortems;

namespace StatusHub.Tests.Postmortems;

public class PostmortemDocumentTests
{
    public static TheoryData<string, string[]> Bodies => new()
    {
        // Parts as "md:<text>" or the section's marker name.
        { "## In short\n\n{{ short_story }}\n\n## Impact\n{{impact}}\n", ["md:## In short", "short_story", "md:## Impact", "impact"] },
        { "Intro\n   {{   timeline   }}   \nOutro", ["md:Intro", "timeline", "md:Outro"] },
        { "{{ faq }}\n{{ faq }}\ntext", ["faq", "md:text"] },
        { "Say {{ impact }} inline\n{{ unknown }}", ["md:Say {{ impact }} inline\n{{ unknown }}"] },
        { "a\r\n{{ data_loss }}\r\nb", ["md:a", "data_loss", "md:b"] },
        { "", [] },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void SplitsTheBodyAtLinesHoldingOnlyAKnownMarker(string body, string[] expected)
    {
        var parts = PostmortemDocument.Split(body);

        Assert.Equal(expected, parts.Select(p => p.Section is { } section ? PostmortemDocument.Name(section) : "md:" + p.Markdown));
    }

    [Fact]
    public void NamesTheSectionsWhoseMarkerWasDeletedInTheUsualOrder()
    {
        var parts = PostmortemDocument.Split("{{ timeline }}\n{{ short_story }}\n{{ faq }}");

        Assert.Equal(
            [PostmortemSection.Impact, PostmortemSection.ActionItems, PostmortemSection.DataLoss],
            PostmortemDocument.Missing(parts));
    }
}
