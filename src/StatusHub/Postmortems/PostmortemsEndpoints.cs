using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StatusHub.Postmortems.Pages;
using StatusHub.StatusPage;

namespace StatusHub.Postmortems;

/// <summary>What the post-mortem routes answer: the public pages and their Markdown, and the staff's internal export.</summary>
internal static class PostmortemsEndpoints
{
    public static async Task ListAsync(HttpContext http, PublicPageRenderer pages, IOptions<StatusPageOptions> options) =>
        await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<PostmortemsPage>("/postmortems", $"Post-mortems · {options.Value.Name} status"));

    public static async Task PageAsync(string id, HttpContext http, PublicPageRenderer pages, StatusSnapshotService snapshots, IOptions<StatusPageOptions> options)
    {
        if (!snapshots.Current.PostmortemsByIncident.TryGetValue(id, out var postmortem))
        {
            await pages.WriteNotFoundAsync(http);
            return;
        }

        await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<PostmortemPage>(
            $"/postmortems/{id}", $"{postmortem.Title} · {options.Value.Name} status", new Dictionary<string, object?> { [nameof(PostmortemPage.Postmortem)] = postmortem }));
    }

    public static async Task PublicMarkdownAsync(string id, HttpContext http, StatusSnapshotService snapshots, PublicPageRenderer pages, IOptions<StatusPageOptions> options)
    {
        if (!snapshots.Current.PostmortemsByIncident.TryGetValue(id, out var postmortem))
        {
            await pages.WriteNotFoundAsync(http);
            return;
        }

        await WriteMarkdownAsync(http, PostmortemMarkdown.Write(postmortem, PageUrl(http, options.Value), options.Value.Words), $"postmortem-{id}.md", isPublic: true);
    }

    public static async Task InternalMarkdownAsync(string id, HttpContext http, PostmortemService postmortems, IOptions<StatusPageOptions> options)
    {
        if (postmortems.Find(id) is not { } postmortem)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await WriteMarkdownAsync(http, postmortems.InternalMarkdown(postmortem, PageUrl(http, options.Value), options.Value.Words), $"postmortem-{id}-internal.md", isPublic: false);
    }

    /// <summary>Links in a downloaded file must be absolute: the configured public URL, or else the host the request came to.</summary>
    private static string PageUrl(HttpContext http, StatusPageOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicUrl) ? $"{http.Request.Scheme}://{http.Request.Host}" : options.PublicUrl;

    /// <summary>A download: cached like the public pages when public (with an ETag), never cached when it holds internal notes.</summary>
    private static async Task WriteMarkdownAsync(HttpContext http, string markdown, string fileName, bool isPublic)
    {
        var bytes = Encoding.UTF8.GetBytes(markdown);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        if (isPublic)
        {
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"";
            http.Response.Headers.CacheControl = "public, max-age=10";
            http.Response.Headers.ETag = etag;
            if (http.Request.Headers.IfNoneMatch == etag)
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        else
        {
            http.Response.Headers.CacheControl = "no-store";
        }

        http.Response.ContentType = "text/markdown; charset=utf-8";
        http.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(bytes);
        }
    }
}
