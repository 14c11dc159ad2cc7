using StatusHub.Markdown;

namespace StatusHub.Tests.Markdown;

/// <summary>Markdown as each channel can show it, in the style of Markdig's own input → output tables.</summary>
public class ChannelMarkdownTests
{
    public static TheoryData<string, string> Telegram => new()
    {
        { "**Webmail** is *slow*", "<b>Webmail</b> is <i>slow</i>" },
        { "__bold__ and _italic_ and ~~gone~~ and ++new++", "<b>bold</b> and <i>italic</i> and <s>gone</s> and <u>new</u>" },
        { "Run `rm -rf <tmp>`", "Run <code>rm -rf &lt;tmp&gt;</code>" },
        { "```\nif (a < b && c)\n```", "<pre>if (a &lt; b &amp;&amp; c)</pre>" },
        { "See [the runbook](https://example.com/a?b=1&c=2)", "See <a href=\"https://example.com/a?b=1&amp;c=2\">the runbook</a>" },
        { "Mail [us](mailto:help@example.com)", "Mail <a href=\"mailto:help@example.com\">us</a>" },
        { "Relative [history](/history) and [bad](javascript:alert(1)) and [tel](tel:+123)", "Relative history and bad and tel" },
        { "Go to https://example.com/x now", "Go to <a href=\"https://example.com/x\">https://example.com/x</a> now" },
        { "<https://example.com>", "<a href=\"https://example.com\">https://example.com</a>" },
        { "# Webmail\n\nSlow.", "<b>Webmail</b>\n\nSlow." },
        { "First paragraph.\n\nSecond paragraph.", "First paragraph.\n\nSecond paragraph." },
        { "line one\nline two", "line one\nline two" },
        { "- one\n- **two**", "• one\n• <b>two</b>" },
        { "3. three\n4. four", "3. three\n4. four" },
        { "- outer\n  - inner", "• outer\n  • inner" },
        { "Before\n\n- a\n- b\n\nAfter", "Before\n\n• a\n• b\n\nAfter" },
        { "> quoted **text**", "<blockquote>quoted <b>text</b></blockquote>" },
        { "<b>raw</b> <script>alert(1)</script> & 1 < 2", "&lt;b&gt;raw&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt; &amp; 1 &lt; 2" },
        { "Fish &amp; chips &copy;", "Fish &amp; chips ©" },
        { "![diagram](https://example.com/d.png)", "<a href=\"https://example.com/d.png\">diagram</a>" },
        { "a\n\n---\n\nb", "a\n\n———\n\nb" },
        { "| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n1 | 2" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(Telegram))]
    public void RendersMarkdownAsTelegramHtml(string markdown, string html) => Assert.Equal(html, ChannelMarkdown.ToTelegramHtml(markdown));

    public static TheoryData<string, string> Sms => new()
    {
        { "**Webmail** is *slow*", "Webmail is slow" },
        { "See [the runbook](https://example.com/runbook).", "See the runbook (https://example.com/runbook)." },
        { "Go to https://example.com/x now", "Go to https://example.com/x now" },
        { "# Webmail\n\nSlow.\nVery.", "Webmail Slow. Very." },
        { "- one\n- two", "- one - two" },
        { "Run `make`, then [bad](javascript:alert(1))", "Run make, then bad" },
        { "<b>raw</b> &amp; ~~gone~~", "<b>raw</b> & gone" },
    };

    [Theory]
    [MemberData(nameof(Sms))]
    public void RendersMarkdownAsOneLineOfSmsText(string markdown, string text) => Assert.Equal(text, ChannelMarkdown.ToSmsText(markdown));

    public static TheoryData<string, string> Email => new()
    {
        { "**Webmail** is *slow*", "Webmail is slow" },
        { "See [the runbook](https://example.com/runbook).", "See the runbook (https://example.com/runbook)." },
        { "Write to [help@example.com](mailto:help@example.com)", "Write to help@example.com" },
        { "<https://example.com>", "https://example.com" },
        { "# Webmail\n\nSlow.\nVery.", "Webmail\n\nSlow.\nVery." },
        { "1. one\n2. two\n\nDone.", "1. one\n2. two\n\nDone." },
        { "```\ncode <here>\n```", "code <here>" },
        { "<script>alert(1)</script>", "<script>alert(1)</script>" },
    };

    [Theory]
    [MemberData(nameof(Email))]
    public void RendersMarkdownAsEmailText(string markdown, string text) => Assert.Equal(text, ChannelMarkdown.ToEmailText(markdown));

    [Fact]
    public void AShortTelegramMessageIsNotCut()
    {
        const string html = "<b>Fine</b> &amp; well";

        Assert.Equal(html, ChannelMarkdown.CutTelegramHtml(html, 11));
        Assert.Equal(11, ChannelMarkdown.TelegramVisibleLength(html));
    }

    [Fact]
    public void TheCutCountsVisibleTextAndClosesTheTagsItLeavesOpen()
    {
        var html = "<i>intro</i> " + "<b>" + new string('x', 5000) + "</b> tail";

        var cut = ChannelMarkdown.CutTelegramHtml(html, 4096);

        Assert.Equal(4096, ChannelMarkdown.TelegramVisibleLength(cut));
        Assert.StartsWith("<i>intro</i> <b>xxx", cut);
        Assert.EndsWith("x…</b>", cut);
    }

    [Fact]
    public void TheCutNeverSplitsAnEntityNorATag()
    {
        // 4093 visible characters, then "&amp;" and a link: the limit falls inside the entity, then inside the tag.
        var html = new string('a', 4093) + "&amp;&lt;<a href=\"https://example.com/&amp;\">link</a>";

        foreach (var limit in new[] { 4094, 4095, 4096, 4097 })
        {
            var cut = ChannelMarkdown.CutTelegramHtml(html, limit);

            Assert.InRange(ChannelMarkdown.TelegramVisibleLength(cut), limit - 2, limit);
            Assert.EndsWith("…", cut.Replace("</a>", ""));
            Assert.Matches("^a+(&amp;)?(&lt;)?(<a href=\"https://example.com/&amp;\">l?i?n?)?…(</a>)?$", cut);
        }
    }

    [Fact]
    public void TheCutNeverSplitsASurrogatePair()
    {
        var html = new string('a', 4094) + "😀😀";

        var cut = ChannelMarkdown.CutTelegramHtml(html, 4096);

        Assert.Equal(new string('a', 4094) + "…", cut);
    }

    [Fact]
    public void AMarkdownBodyCutAtTheLimitStaysValidTelegramHtml()
    {
        var markdown = string.Concat(Enumerable.Repeat("Mail & *calendar* are **down for [some](https://example.com) users** <now>. ", 200));

        var cut = ChannelMarkdown.CutTelegramHtml(ChannelMarkdown.ToTelegramHtml(markdown), 4096);

        Assert.InRange(ChannelMarkdown.TelegramVisibleLength(cut), 4090, 4096);
        Assert.Equal(cut.Split("<b>").Length, cut.Split("</b>").Length);
        Assert.Equal(cut.Split("<a ").Length, cut.Split("</a>").Length);
        Assert.DoesNotMatch("&[a-z]*$|<[^>]*$", cut.TrimEnd('…'));
    }
}
