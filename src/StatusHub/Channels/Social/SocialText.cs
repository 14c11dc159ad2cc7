using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StatusHub.Channels.Social;

/// <summary>How long a post is as Mastodon and Bluesky count it, and how to shorten one to fit without breaking a character.</summary>
public static partial class SocialText
{
    /// <summary>Mastodon counts every link as this many characters, whatever its length.</summary>
    public const int MastodonLinkLength = 23;

    public const int BlueskyMaxGraphemes = 300;

    /// <summary>Bluesky's second limit on a post's text, which 300 long emoji sequences could pass.</summary>
    public const int BlueskyMaxBytes = 3000;

    /// <summary>What a reader sees as one character (a letter with its combining marks, a flag, a family emoji).</summary>
    public static int Graphemes(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>Mastodon's count: characters as a reader sees them, every http(s) link as <see cref="MastodonLinkLength"/>.</summary>
    public static int MastodonLength(string text) => Graphemes(Link().Replace(text, new string('x', MastodonLinkLength)));

    public static bool FitsBluesky(string text) => Graphemes(text) <= BlueskyMaxGraphemes && Encoding.UTF8.GetByteCount(text) <= BlueskyMaxBytes;

    /// <summary>
    /// <paramref name="body"/>, a blank line and <paramref name="link"/>, when that <paramref name="fits"/>; otherwise the
    /// longest start of the body, cut between two characters as a reader sees them (never inside an emoji or before a
    /// combining mark), with "…", and the link whole after it.
    /// </summary>
    public static string Fit(string body, string link, Func<string, bool> fits)
    {
        var tail = "\n\n" + link;
        body = body.Trim();
        if (fits(body + tail))
        {
            return body + tail;
        }

        // Where each character starts; longer starts of the body never count fewer, so the longest that fits is found by halves.
        var starts = StringInfo.ParseCombiningCharacters(body);
        string Cut(int characters) => body[..(characters < starts.Length ? starts[characters] : body.Length)].TrimEnd() + "…" + tail;
        int low = 0, high = starts.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (fits(Cut(middle)))
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low > 0 || fits(Cut(0)) ? Cut(low) : link;
    }

    /// <summary>The http(s) links in <paramref name="text"/>: where each starts and ends (UTF-16 indexes) and its address.</summary>
    public static IEnumerable<(int Start, int End, string Uri)> Links(string text) =>
        Link().Matches(text).Select(match =>
        {
            // A link at the end of a sentence or in brackets does not take the full stop or the bracket with it.
            var uri = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')');
            return (match.Index, match.Index + uri.Length, uri);
        });

    [GeneratedRegex(@"https?://[^\s<>""…]+")]
    private static partial Regex Link();
}
