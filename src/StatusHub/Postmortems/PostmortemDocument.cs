using System.Text.RegularExpressions;

namespace StatusHub.Postmortems;

/// <summary>The parts of a post-mortem that StatusHub fills in rather than staff typing them.</summary>
public enum PostmortemSection
{
    ShortStory,
    Impact,
    Timeline,
    ActionItems,
    DataLoss,
    Faq,
}

/// <summary>A stretch of the body: staff's Markdown, or a computed section.</summary>
public sealed record DocumentPart(string? Markdown, PostmortemSection? Section);

/// <summary>
/// Reads a post-mortem body: a line holding only a marker such as <c>{{ impact }}</c> is where that section goes.
/// A section whose marker was deleted is added at the end under its own heading, so the timeline or the data-loss
/// statement can never silently drop out of what customers read.
/// </summary>
public static partial class PostmortemDocument
{
    public static readonly IReadOnlyList<PostmortemSection> Order = Enum.GetValues<PostmortemSection>();

    private static readonly Dictionary<string, PostmortemSection> ByName = Order.ToDictionary(Name, StringComparer.Ordinal);

    public static string Marker(PostmortemSection section) => "{{ " + Name(section) + " }}";

    public static string Name(PostmortemSection section) => section switch
    {
        PostmortemSection.ShortStory => "short_story",
        PostmortemSection.Impact => "impact",
        PostmortemSection.Timeline => "timeline",
        PostmortemSection.ActionItems => "action_items",
        PostmortemSection.DataLoss => "data_loss",
        PostmortemSection.Faq => "faq",
        _ => throw new ArgumentOutOfRangeException(nameof(section)),
    };

    public static IReadOnlyList<DocumentPart> Split(string body)
    {
        var parts = new List<DocumentPart>();
        var placed = new HashSet<PostmortemSection>();
        var text = new List<string>();
        foreach (var line in body.ReplaceLineEndings("\n").Split('\n'))
        {
            var match = MarkerLine().Match(line);
            if (match.Success && ByName.TryGetValue(match.Groups[1].Value, out var section))
            {
                Flush();
                // A second marker for the same section is dropped: a section shows once.
                if (placed.Add(section))
                {
                    parts.Add(new DocumentPart(null, section));
                }

                continue;
            }

            text.Add(line);
        }

        Flush();
        return parts;

        void Flush()
        {
            var markdown = string.Join('\n', text).Trim('\n');
            if (!string.IsNullOrWhiteSpace(markdown))
            {
                parts.Add(new DocumentPart(markdown, null));
            }

            text.Clear();
        }
    }

    /// <summary>The sections whose marker is missing, in the usual order, to be shown after the body.</summary>
    public static IReadOnlyList<PostmortemSection> Missing(IReadOnlyList<DocumentPart> parts) =>
        Order.Where(s => parts.All(p => p.Section != s)).ToList();

    [GeneratedRegex(@"^\s*\{\{\s*([a-z_]+)\s*\}\}\s*$")]
    private static partial Regex MarkerLine();
}
