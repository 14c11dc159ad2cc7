using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Net.Http.Headers;
using StatusHub.StatusPage.Pages;

namespace StatusHub.StatusPage;

/// <summary>A rendered public page: its bytes and a strong ETag over them.</summary>
public sealed record RenderedPage(byte[] Html, string ETag, string ContentVersion)
{
    /// <summary>Compressed once per snapshot rather than per request: ninety bar cells a component make repetitive, well-shrinking markup.</summary>
    public byte[] Brotli { get; } = Compress(Html, body => new BrotliStream(body, CompressionLevel.Optimal));

    public byte[] Gzip { get; } = Compress(Html, body => new GZipStream(body, CompressionLevel.Optimal));

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(bytes);
        }

        return output.ToArray();
    }
}

/// <summary>
/// Renders public pages to HTML once per snapshot and serves the cached bytes after that: no circuit,
/// no antiforgery cookie, no database, and a 304 for readers who already have the page.
/// </summary>
public sealed class PublicPageRenderer(IServiceScopeFactory scopes, ILoggerFactory loggerFactory, StatusSnapshotService snapshots)
{
    private const int MaxCachedPages = 2_000;
    private readonly ConcurrentDictionary<string, RenderedPage> _cache = new(StringComparer.Ordinal);

    public async Task<RenderedPage> RenderAsync<TPage>(string cacheKey, string title, IDictionary<string, object?>? parameters = null)
        where TPage : IComponent
    {
        var snapshot = snapshots.Current;
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.ContentVersion == snapshot.ContentVersion)
        {
            return cached;
        }

        var html = await RenderHtmlAsync<TPage>(snapshot, title, parameters);
        var bytes = Encoding.UTF8.GetBytes(html);
        var page = new RenderedPage(bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"", snapshot.ContentVersion);
        if (_cache.Count >= MaxCachedPages)
        {
            _cache.Clear();
        }

        _cache[cacheKey] = page;
        return page;
    }

    /// <summary>Renders a page against a given snapshot without caching (the static export uses this too).</summary>
    /// <param name="exportedAt">When the page is for a static copy: the moment it was written, which the page then shows.</param>
    public async Task<string> RenderHtmlAsync<TPage>(StatusSnapshot snapshot, string title, IDictionary<string, object?>? parameters = null, DateTime? exportedAt = null)
        where TPage : IComponent
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var document = await renderer.RenderComponentAsync<PublicDocument>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(PublicDocument.Title)] = title,
                [nameof(PublicDocument.Snapshot)] = snapshot,
                [nameof(PublicDocument.PageType)] = typeof(TPage),
                [nameof(PublicDocument.ExportedAt)] = exportedAt,
                [nameof(PublicDocument.PageParameters)] = new Dictionary<string, object?>(parameters ?? new Dictionary<string, object?>()) { ["Snapshot"] = snapshot },
            }));
            return document.ToHtmlString();
        });
    }

    public static async Task WriteAsync(HttpContext http, RenderedPage page, int statusCode = StatusCodes.Status200OK)
    {
        var (body, encoding) = ChooseEncoding(http.Request, page);
        // Each encoding is its own representation, so it gets its own strong ETag.
        var etag = encoding is null ? page.ETag : page.ETag.Insert(page.ETag.Length - 1, "-" + encoding);
        var headers = http.Response.GetTypedHeaders();
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(10) };
        http.Response.Headers.ETag = etag;
        http.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (statusCode == StatusCodes.Status200OK && http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag == etag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "text/html; charset=utf-8";
        if (encoding is not null)
        {
            http.Response.Headers.ContentEncoding = encoding;
        }

        http.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(body);
        }
    }

    private static (byte[] Body, string? Encoding) ChooseEncoding(HttpRequest request, RenderedPage page)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding
            .Where(e => e.Quality is null or > 0)
            .Select(e => e.Value.Value)
            .ToList();
        return accepted.Contains("br", StringComparer.OrdinalIgnoreCase) ? (page.Brotli, "br")
            : accepted.Contains("gzip", StringComparer.OrdinalIgnoreCase) ? (page.Gzip, "gzip")
            : (page.Html, null);
    }

    public void Forget() => _cache.Clear();
}
