using System.Net;
using System.Text.RegularExpressions;

namespace StatusHub.StaticExport;

/// <summary>
/// Turns the root-relative links of an exported page (<c>/incidents/abc</c>) into links relative to the page
/// (<c>../../incidents/abc/index.html</c>), so the copy works from any folder of any host, a bucket's sub-path or the disk.
/// Links name the file itself: a host that serves no index.html for a folder still finds it.
/// </summary>
public static partial class RelativeLinks
{
    /// <param name="pagePath">The page's own path in the copy; null for a page whose links start at the site's root.</param>
    /// <param name="pathsByUrl">Every exported file's path by the live URL it copies.</param>
    /// <param name="unresolved">Receives the links left as they were because the copy has nothing at that URL.</param>
    public static string Rewrite(string html, string? pagePath, IReadOnlyDictionary<string, string> pathsByUrl, ISet<string> unresolved) =>
        RootRelative().Replace(html, match =>
        {
            // Attribute values are HTML-encoded ("&amp;" in a query); the look-up wants the URL itself.
            var link = WebUtility.HtmlDecode(match.Value);
            var hash = link.IndexOf('#', StringComparison.Ordinal);
            var (url, fragment) = hash < 0 ? (link, "") : (link[..hash], link[hash..]);
            if (!pathsByUrl.TryGetValue(url, out var target))
            {
                unresolved.Add(url);
                return match.Value;
            }

            return WebUtility.HtmlEncode((pagePath is null ? "/" + target : Relative(pagePath, target)) + fragment);
        });

    /// <summary>The link from the file at <paramref name="from"/> to the file at <paramref name="to"/>, both relative to the copy's root.</summary>
    public static string Relative(string from, string to)
    {
        var fromFolders = from.Split('/')[..^1];
        var toParts = to.Split('/');
        var common = 0;
        while (common < fromFolders.Length && common < toParts.Length - 1 && fromFolders[common] == toParts[common])
        {
            common++;
        }

        return string.Concat(Enumerable.Repeat("../", fromFolders.Length - common)) + string.Join('/', toParts[common..]);
    }

    /// <summary>An href or src value starting with one "/" (not "//host"). Blazor and Markdig always quote attributes with ".</summary>
    [GeneratedRegex("""(?<=\s(?:href|src)=")/(?!/)[^"]*(?=")""")]
    private static partial Regex RootRelative();
}
