using StatusHub.StaticExport;

namespace StatusHub.Tests.StaticExport;

public sealed class RelativeLinksTests
{
    private static readonly Dictionary<string, string> PathsByUrl = new()
    {
        ["/"] = "index.html",
        ["/incidents/abc"] = "incidents/abc/index.html",
        ["/history"] = "history/index.html",
        ["/history?page=2"] = "history/2/index.html",
        ["/css/site.css"] = "css/site.css",
        ["/a&b"] = "a&b/index.html",
    };

    [Theory]
    [InlineData("index.html", """<a href="/incidents/abc">""", """<a href="incidents/abc/index.html">""")]
    [InlineData("index.html", """<link href="/css/site.css" />""", """<link href="css/site.css" />""")]
    [InlineData("incidents/abc/index.html", """<a href="/">""", """<a href="../../index.html">""")]
    [InlineData("incidents/abc/index.html", """<a href="/history">""", """<a href="../../history/index.html">""")]
    [InlineData("history/2/index.html", """<a rel="prev" href="/history">""", """<a rel="prev" href="../index.html">""")]
    [InlineData("history/index.html", """<a rel="next" href="/history?page=2">""", """<a rel="next" href="2/index.html">""")]
    [InlineData("history/index.html", """<a href="/incidents/abc#update-1">""", """<a href="../incidents/abc/index.html#update-1">""")]
    [InlineData("index.html", """<a href="/a&amp;b">""", """<a href="a&amp;b/index.html">""")]
    [InlineData("index.html", """<a href="#main">""", """<a href="#main">""")]
    [InlineData("index.html", """<a href="https://example.com/">""", """<a href="https://example.com/">""")]
    [InlineData("index.html", """<a href="//cdn.example.com/x.js">""", """<a href="//cdn.example.com/x.js">""")]
    [InlineData("index.html", """<p>write href=&quot;/incidents/abc&quot; in a link</p>""", """<p>write href=&quot;/incidents/abc&quot; in a link</p>""")]
    public void MakesRootRelativeLinksRelativeToThePage(string page, string html, string expected)
    {
        var unresolved = new SortedSet<string>();

        Assert.Equal(expected, RelativeLinks.Rewrite(html, page, PathsByUrl, unresolved));
        Assert.Empty(unresolved);
    }

    [Fact]
    public void LeavesALinkToAPageTheCopyDoesNotHaveAndSaysSo()
    {
        var unresolved = new SortedSet<string>();

        var html = RelativeLinks.Rewrite("""<a href="/subscribe">""", "index.html", PathsByUrl, unresolved);

        Assert.Equal("""<a href="/subscribe">""", html);
        Assert.Equal(["/subscribe"], unresolved);
    }
}
