using StatusHub.Markdown;

namespace StatusHub.Tests.Markdown;

public class MarkdownRendererTests
{
    public static TheoryData<string, string> Rendering => new()
    {
        { "**Mail** is *delayed*", "<p><strong>Mail</strong> is <em>delayed</em></p>\n" },
        { "See [the runbook](https://example.com/runbook)", "<p>See <a href=\"https://example.com/runbook\">the runbook</a></p>\n" },
        { "Write to [support](mailto:help@example.com)", "<p>Write to <a href=\"mailto:help@example.com\">support</a></p>\n" },
        { "Relative [history](/history)", "<p>Relative <a href=\"/history\">history</a></p>\n" },
        { "- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n" },
    };

    [Theory]
    [MemberData(nameof(Rendering))]
    public void RendersCommonMarkdown(string markdown, string html) => Assert.Equal(html, MarkdownRenderer.ToHtml(markdown));

    /// <summary>Payloads staff might paste by mistake or an attacker might plant; none may produce live script.</summary>
    public static TheoryData<string> XssPayloads => new()
    {
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x]: javascript:alert(1)\n\n[ref][x]",
        "<a href=\"javascript:alert(1)\">x</a>",
        "\"><script>alert(1)</script>",
        "<details open ontoggle=alert(1)>",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "<style>body{background:url(javascript:alert(1))}</style>",
    };

    [Theory]
    [MemberData(nameof(XssPayloads))]
    public void NeverLetsScriptThrough(string payload)
    {
        var html = MarkdownRenderer.ToHtml(payload);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<details", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("href=\"\\s*(javascript|vbscript|data|&#)", html);
        Assert.DoesNotMatch("<[a-z]+[^>]*\\son[a-z]+=", html);
    }

    [Theory]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("VBSCRIPT:x", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("java\nscript:alert(1)", false)]
    [InlineData("https://example.com", true)]
    [InlineData("/incidents/abc", true)]
    [InlineData("#update-1", true)]
    [InlineData("?page=2", true)]
    [InlineData("tel:+441234", true)]
    public void JudgesLinkSchemes(string url, bool safe) => Assert.Equal(safe, MarkdownRenderer.IsSafeUrl(url));

    [Theory]
    [InlineData("We move files to **new disks**; see [the plan](https://example.com/plan).", "We move files to new disks; see the plan.")]
    [InlineData("- one\n- two", "one\ntwo")]
    [InlineData("   ", "")]
    public void GivesThePlainWordsForPlainTextPlaces(string markdown, string text) => Assert.Equal(text, MarkdownRenderer.ToPlainText(markdown));
}
