using System.Net;
using System.Text.RegularExpressions;

namespace StatusHub.Tests.StaticExport;

/// <summary>Reads an exported folder as a static host and a browser would: every page, and every href and src in it resolved on disk.</summary>
public static partial class ExportedSite
{
    /// <summary>Links that a static host could not serve: root-relative, with a query, leaving the folder, or naming no file.</summary>
    public static IReadOnlyList<string> BrokenLinks(string root)
    {
        var top = Path.GetFullPath(root).TrimEnd('/') + "/";
        var broken = new List<string>();
        foreach (var page in Directory.EnumerateFiles(root, "*.html", SearchOption.AllDirectories))
        {
            foreach (var link in Links(File.ReadAllText(page)))
            {
                if (link.StartsWith('#') || link.StartsWith("https://", StringComparison.Ordinal) || link.StartsWith("http://", StringComparison.Ordinal))
                {
                    continue;
                }

                var path = link.Split('#')[0];
                // 404.html is served at any address, so its links start at the site's root, which is the copy's.
                var fromSiteRoot = Path.GetRelativePath(root, page) == "404.html" && path.StartsWith('/');
                var target = fromSiteRoot
                    ? Path.GetFullPath(Path.Combine(top, path[1..]))
                    : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(page))!, path));
                if ((link.StartsWith('/') && !fromSiteRoot) || path.Contains('?', StringComparison.Ordinal) || !target.StartsWith(top, StringComparison.Ordinal) || !File.Exists(target))
                {
                    broken.Add($"{Path.GetRelativePath(root, page)}: {link}");
                }
            }
        }

        return broken;
    }

    public static IEnumerable<string> Links(string html) =>
        LinkAttribute().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value));

    public static string Read(string root, string path) => File.ReadAllText(Path.Combine(root, path));

    [GeneratedRegex("""\s(?:href|src)="(?<url>[^"]*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LinkAttribute();
}
