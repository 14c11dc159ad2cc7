namespace StatusHub.Markdown;

/// <summary>The shapes a channel can carry: Telegram's HTML subset, the email's two parts, one line of SMS text.</summary>
public enum ChannelFormat
{
    TelegramHtml,
    EmailHtml,
    EmailText,
    SmsText,
}

/// <summary>A staff-written Markdown value in a message model; each channel's templates see it rendered in that channel's format.</summary>
public sealed record MarkdownText(string Source)
{
    public override string ToString() => Source;
}

/// <summary>
/// Staff Markdown rendered for the channels that cannot show web HTML: Telegram's HTML subset (b, i, u, s, a, code,
/// pre, blockquote; headings as bold lines, lists as "• " or "1. " lines), the plain text of an email, one line of SMS.
/// Raw HTML in the Markdown is always text, and links keep their target only when it is absolute http, https or mailto.
/// </summary>
public static class ChannelMarkdown
{
    public static string Render(string? markdown, ChannelFormat format) => format switch
    {
        ChannelFormat.TelegramHtml => ToTelegramHtml(markdown),
        ChannelFormat.EmailHtml => MarkdownRenderer.ToHtml(markdown),
        ChannelFormat.EmailText => ToEmailText(markdown),
        ChannelFormat.SmsText => ToSmsText(markdown),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown channel format."),
    };

    public static string ToTelegramHtml(string? markdown) => Write(markdown, html: true);

    /// <summary>Plain text with paragraphs and list lines kept; links read "text (url)".</summary>
    public static string ToEmailText(string? markdown) => Write(markdown, html: false);

    /// <summary>The email text on one line, since an SMS has no room for blank lines.</summary>
    public static string ToSmsText(string? markdown) => string.Join(' ', ToEmailText(markdown).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>How many characters Telegram counts in a message sent as HTML: the text after tags are removed and entities decoded.</summary>
    public static int TelegramVisibleLength(string html) => TelegramHtmlCut.Tokens(html).Sum(t => t.Visible);

    /// <summary>
    /// Shortens Telegram HTML to at most <paramref name="limit"/> visible characters, ending with <paramref name="ellipsis"/>
    /// (itself Telegram HTML). The cut falls between characters, never inside a tag, an entity or a surrogate pair, and
    /// every tag it leaves open is closed after the ellipsis.
    /// </summary>
    public static string CutTelegramHtml(string html, int limit, string ellipsis = "…") => TelegramHtmlCut.Cut(html, limit, ellipsis);

    /// <summary>Telegram accepts only absolute http, https and mailto targets; anything else would refuse the whole message.</summary>
    internal static bool IsTelegramLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";

    private static string Write(string? markdown, bool html) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : new ChannelMarkdownWriter(html).Document(MarkdownRenderer.Parse(markdown));
}
