using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Net.Http.Headers;
using StatusHub.StatusPage.Pages;

namespace StatusHub.StatusPage;

/// <summary>
/// A rendered public page or file: its bytes, a strong ETag over them, and when they last changed
/// (whole seconds, as HTTP dates carry them).
/// </summary>
public sealed record RenderedPage(byte[] Body, string ETag, string ContentVersion, DateTime LastModified, string ContentType = PublicPageRenderer.HtmlContentType)
{
    /// <summary>Compressed once per change rather than per request: ninety bar cells a component make repetitive, well-shrinking markup.</summary>
    public byte[] Brotli { get; } = Compress(Body, body => new BrotliStream(body, CompressionLevel.Optimal));

    public byte[] Gzip { get; } = Compress(Body, body => new GZipStream(body, CompressionLevel.Optimal));

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
public sealed class PublicPageRenderer(IServiceScopeFactory scopes, ILoggerFactory loggerFactory, StatusSnapshotService snapshots, StatusPageMetrics metrics)
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    private const int MaxCachedPages = 2_000;
    private readonly ConcurrentDictionary<string, RenderedPage> _cache = new(StringComparer.Ordinal);

    public async Task<RenderedPage> RenderAsync<TPage>(string cacheKey, string title, IDictionary<string, object?>? parameters = null)
        where TPage : IComponent
    {
        var snapshot = snapshots.Current;
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.ContentVersion == snapshot.ContentVersion)
        {
            metrics.CacheHit(cached.ContentType);
            return cached;
        }

        var html = await RenderHtmlAsync<TPage>(snapshot, title, parameters);
        return Remember(cacheKey, snapshot, Encoding.UTF8.GetBytes(html), HtmlContentType);
    }

    /// <summary>The public 404 page, for every public route that finds nothing.</summary>
    public async Task WriteNotFoundAsync(HttpContext http) =>
        await WriteAsync(http, await RenderAsync<NotFoundPage>("/not-found", "Page not found"), StatusCodes.Status404NotFound);

    /// <summary>A public file that is not a page (JSON, a feed, a badge), cached and answered exactly as the pages are.</summary>
    public RenderedPage Render(string cacheKey, string contentType, Func<StatusSnapshot, byte[]> render)
    {
        var snapshot = snapshots.Current;
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.ContentVersion == snapshot.ContentVersion)
        {
            metrics.CacheHit(cached.ContentType);
            return cached;
        }

        return Remember(cacheKey, snapshot, render(snapshot), contentType);
    }

    private RenderedPage Remember(string cacheKey, StatusSnapshot snapshot, byte[] bytes, string contentType)
    {
        metrics.Rendered(contentType);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"";
        _cache.TryGetValue(cacheKey, out var previous);
        // Most writes leave most files as they were: those keep their Last-Modified and their compressed bytes.
        var page = previous is not null && previous.ETag == etag && previous.ContentType == contentType
            ? previous with { ContentVersion = snapshot.ContentVersion }
            : new RenderedPage(bytes, etag, snapshot.ContentVersion, NextLastModified(previous, snapshot.BuiltAt), contentType);
        if (_cache.Count >= MaxCachedPages)
        {
            _cache.Clear();
        }

        _cache[cacheKey] = page;
        return page;
    }

    /// <summary>
    /// Moves strictly forward, by a second at least, whenever the bytes change: the change of content (not of
    /// <see cref="StatusSnapshot.UpdatedAt"/>, which a deletion or a new day leaves alone) is what If-Modified-Since asks about.
    /// </summary>
    private static DateTime NextLastModified(RenderedPage? previous, DateTime now)
    {
        var second = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        return previous is null || second > previous.LastModified ? second : previous.LastModified.AddSeconds(1);
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
        if (statusCode == StatusCodes.Status200OK)
        {
            headers.LastModified = page.LastModified;
            if (IsNotModified(http.Request.GetTypedHeaders(), etag, page.LastModified))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        http.Response.StatusCode = statusCode;
        http.Response.ContentType = page.ContentType;
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

    /// <summary>If-None-Match, when sent, decides alone (RFC 9110 §13.1.3); If-Modified-Since is for clients that kept only the date.</summary>
    private static bool IsNotModified(RequestHeaders request, string etag, DateTime lastModified) =>
        request.IfNoneMatch.Count > 0
            ? request.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag == etag)
            : request.IfModifiedSince is { } since && lastModified <= since.UtcDateTime;

    private static (byte[] Body, string? Encoding) ChooseEncoding(HttpRequest request, RenderedPage page)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding
            .Where(e => e.Quality is null or > 0)
            .Select(e => e.Value.Value)
            .ToList();
        return accepted.Contains("br", StringComparer.OrdinalIgnoreCase) ? (page.Brotli, "br")
            : accepted.Contains("gzip", StringComparer.OrdinalIgnoreCase) ? (page.Gzip, "gzip")
            : (page.Body, null);
    }

    public void Forget() => _cache.Clear();
}
