using System.Globalization;
using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using StatusHub.Text;

namespace StatusHub.Markdown;

/// <summary>
/// Walks a Markdown syntax tree into Telegram HTML (<paramref name="html"/> true) or plain text. Blocks are separated by
/// a blank line, list items and table rows by a line break; what Telegram has no tag for becomes text.
/// </summary>
internal sealed class ChannelMarkdownWriter(bool html)
{
    public string Document(MarkdownDocument document) => Blocks(document);

    private string Blocks(ContainerBlock container, string separator = "\n\n") =>
        string.Join(separator, container.Select(Block).Where(b => b.Length > 0));

    private string Block(Block block) => block switch
    {
        HeadingBlock heading => Tag("b", Inlines(heading.Inline)),
        ParagraphBlock paragraph => Inlines(paragraph.Inline),
        CodeBlock code => Tag("pre", Text(code.Lines.ToString().TrimEnd('\n'))),
        ThematicBreakBlock => "———",
        QuoteBlock quote => Tag("blockquote", Blocks(quote)),
        ListBlock list => List(list),
        Table table => string.Join('\n', table.OfType<TableRow>().Select(row =>
            string.Join(" | ", row.OfType<TableCell>().Select(cell => Blocks(cell, " "))))),
        LinkReferenceDefinitionGroup => "",
        ContainerBlock container => Blocks(container),
        LeafBlock leaf => leaf.Inline is { } inline ? Inlines(inline) : Text(leaf.Lines.ToString()),
        _ => "",
    };

    private string List(ListBlock list)
    {
        var number = int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 1;
        var items = new List<string>();
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}. " : html ? "• " : "- ";
            var lines = Blocks(item, "\n").Split('\n');
            items.Add(marker + string.Join("\n  ", lines));
        }

        return string.Join('\n', items);
    }

    private string Inlines(ContainerInline? container)
    {
        var text = new StringBuilder();
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            text.Append(Inline(inline));
        }

        return text.ToString();
    }

    private string Inline(Inline inline) => inline switch
    {
        LiteralInline literal => Text(literal.Content.ToString()),
        EmphasisInline emphasis => Emphasis(emphasis),
        CodeInline code => Tag("code", Text(code.Content)),
        LineBreakInline => "\n",
        HtmlEntityInline entity => Text(entity.Transcoded.ToString()),
        HtmlInline raw => Text(raw.Tag),
        AutolinkInline autolink => Link(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url, Text(autolink.Url), autolink.Url),
        LinkInline { IsImage: true } image => Inlines(image),
        LinkInline link => Link(link.GetDynamicUrl?.Invoke() ?? link.Url, Inlines(link), link.IsAutoLink ? link.Url ?? "" : PlainText(link)),
        ContainerInline container => Inlines(container),
        _ => Text(inline.ToString() ?? ""),
    };

    private string Emphasis(EmphasisInline emphasis)
    {
        var tag = (emphasis.DelimiterChar, emphasis.DelimiterCount) switch
        {
            ('*' or '_', 1) => "i",
            ('*' or '_', _) => "b",
            ('~', 2) => "s",
            ('+', 2) => "u",
            _ => null,
        };
        var content = Inlines(emphasis);
        return tag is null ? content : Tag(tag, content);
    }

    /// <summary>A link Telegram can open keeps its tag; in plain text the target follows the words unless they already say it.</summary>
    private string Link(string? url, string content, string words)
    {
        if (!ChannelMarkdown.IsTelegramLink(url))
        {
            return content;
        }

        if (html)
        {
            return $"<a href=\"{Text(url!)}\">{content}</a>";
        }

        var shown = url!.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? url["mailto:".Length..] : url;
        return words == shown || words == url ? content : $"{content} ({shown})";
    }

    private static string PlainText(ContainerInline container) => new ChannelMarkdownWriter(html: false).Inlines(container);

    private string Tag(string name, string content) => html ? $"<{name}>{content}</{name}>" : content;

    private string Text(string text) => html ? HtmlText.Escape(text) : text;
}
