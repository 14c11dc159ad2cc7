using System.Net;
using System.Text;

namespace StatusHub.Markdown;

/// <summary>
/// Reads Telegram HTML as Telegram counts it: tags take no room, an entity is the character it stands for.
/// </summary>
internal static class TelegramHtmlCut
{
    /// <summary>One piece of the message: a tag (its lower-case name in <see cref="Tag"/>), an entity or a character (a surrogate pair stays whole).</summary>
    internal readonly record struct Token(int Start, int Length, int Visible, string? Tag, bool Closing);

    public static string Cut(string html, int limit, string ellipsis)
    {
        var tokens = Tokens(html).ToList();
        if (tokens.Sum(t => t.Visible) <= limit)
        {
            return html;
        }

        var budget = limit - ChannelMarkdown.TelegramVisibleLength(ellipsis);
        var kept = new List<Token>();
        var used = 0;
        foreach (var token in tokens)
        {
            if (used + token.Visible > budget)
            {
                break;
            }

            kept.Add(token);
            used += token.Visible;
        }

        // A tag opened just before the cut would hold only the ellipsis: leave it out.
        while (kept.Count > 0 && kept[^1] is { Tag: not null, Closing: false })
        {
            kept.RemoveAt(kept.Count - 1);
        }

        var open = new Stack<string>();
        foreach (var token in kept.Where(t => t.Tag is not null))
        {
            if (!token.Closing)
            {
                open.Push(token.Tag!);
            }
            else if (open.Count > 0 && open.Peek() == token.Tag)
            {
                open.Pop();
            }
        }

        var end = kept.Count == 0 ? 0 : kept[^1].Start + kept[^1].Length;
        var cut = new StringBuilder(html, 0, end, end + ellipsis.Length + 32);
        while (cut.Length > 0 && kept[^1].Tag is null && char.IsWhiteSpace(cut[^1]))
        {
            cut.Length--;
        }

        cut.Append(ellipsis);
        foreach (var tag in open)
        {
            cut.Append("</").Append(tag).Append('>');
        }

        return cut.ToString();
    }

    public static IEnumerable<Token> Tokens(string html)
    {
        var i = 0;
        while (i < html.Length)
        {
            var token = html[i] switch
            {
                '<' => TagAt(html, i),
                '&' => EntityAt(html, i),
                _ => null,
            } ?? CharacterAt(html, i);
            yield return token;
            i += token.Length;
        }
    }

    private static Token? TagAt(string html, int start)
    {
        char? quote = null;
        for (var i = start + 1; i < html.Length; i++)
        {
            var c = html[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                var closing = start + 1 < html.Length && html[start + 1] == '/';
                var nameStart = start + (closing ? 2 : 1);
                var nameEnd = nameStart;
                while (nameEnd < i && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-'))
                {
                    nameEnd++;
                }

                // A self-closing tag opens nothing, so it counts as closing.
                return new Token(start, i - start + 1, 0, html[nameStart..nameEnd].ToLowerInvariant(), closing || html[i - 1] == '/');
            }
        }

        return null;
    }

    private static Token? EntityAt(string html, int start)
    {
        var end = start + 1;
        while (end < html.Length && end - start < 32 && (char.IsAsciiLetterOrDigit(html[end]) || html[end] == '#'))
        {
            end++;
        }

        if (end == start + 1 || end >= html.Length || html[end] != ';')
        {
            return null;
        }

        var entity = html[start..(end + 1)];
        var decoded = WebUtility.HtmlDecode(entity);
        return decoded == entity ? null : new Token(start, entity.Length, decoded.Length, null, false);
    }

    private static Token CharacterAt(string html, int start) =>
        char.IsHighSurrogate(html[start]) && start + 1 < html.Length && char.IsLowSurrogate(html[start + 1])
            ? new Token(start, 2, 2, null, false)
            : new Token(start, 1, 1, null, false);
}
