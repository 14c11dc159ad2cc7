using System.Text;

namespace StatusHub.Text;

/// <summary>
/// Text for Telegram's HTML and the channels' HTML fragments: only <c>&amp; &lt; &gt; "</c> are escaped, as Telegram asks.
/// Every other character stays as it is, so "Störung" is sent as written rather than as numeric entities.
/// </summary>
public static class HtmlText
{
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
