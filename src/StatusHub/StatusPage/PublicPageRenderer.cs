using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Primitives;
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
    public byte[] Brotli => BrotliAnswer.Body;

    public byte[] Gzip => GzipAnswer.Body;

    /// <summary>Each encoding is its own representation, so it gets its own strong ETag; all three are made once, with the page.</summary>
    internal Representation Identity { get; } = new(Body, ETag, null);

    internal Representation BrotliAnswer { get; } = new(Compress(Body, body => new BrotliStream(body, CompressionLevel.Optimal)), Tagged(ETag, "br"), "br");

    internal Representation GzipAnswer { get; } = new(Compress(Body, body => new GZipStream(body, CompressionLevel.Optimal)), Tagged(ETag, "gzip"), "gzip");

    /// <summary>The Last-Modified header's text, written once rather than on every answer.</summary>
    internal string LastModifiedHeader { get; } = HeaderUtilities.FormatDate(LastModified);

    /// <summary>The media type alone, as the page cache's metrics name it.</summary>
    internal string MediaType { get; } = ContentType.Split(';', 2)[0].Trim();

    /// <summary>The bytes on the wire for one encoding, with the headers that differ by encoding.</summary>
    internal sealed record Representation(byte[] Body, string ETag, string? ContentEncoding);

    private static string Tagged(string etag, string encoding) => etag.Insert(etag.Length - 1, "-" + encoding);

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
public sealed class PublicPageRenderer(IServiceScopeFactory scopes, ILoggerFactory loggerFactory, StatusSnapshotService snapshots, StatusPageMetrics metrics, Microsoft.Extensions.Options.IOptions<StatusPageOptions> options)
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    private const int MaxCachedPages = 2_000;

    /// <summary>Every public answer may be kept ten seconds by anyone: browsers, proxies, a CDN.</summary>
    private static readonly string CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(10) }.ToString();

    private readonly ConcurrentDictionary<string, RenderedPage> _cache = new(StringComparer.Ordinal);

    private readonly string _notFoundTitle = options.Value.PageTitle(options.Value.Words["NotFound.Heading"]);

    public async Task<RenderedPage> RenderAsync<TPage>(string cacheKey, string title, IDictionary<string, object?>? parameters = null)
        where TPage : IComponent
    {
        var snapshot = snapshots.Current;
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.ContentVersion == snapshot.ContentVersion)
        {
            metrics.CacheHit(cached);
            return cached;
        }

        var html = await RenderHtmlAsync<TPage>(snapshot, title, parameters);
        return Remember(cacheKey, snapshot, Encoding.UTF8.GetBytes(html), HtmlContentType);
    }

    /// <summary>The public 404 page, for every public route that finds nothing.</summary>
    public async Task WriteNotFoundAsync(HttpContext http) =>
        await WriteAsync(http, await RenderAsync<NotFoundPage>("/not-found", _notFoundTitle), StatusCodes.Status404NotFound);

    /// <summary>A public file that is not a page (JSON, a feed, a badge), cached and answered exactly as the pages are.</summary>
    public RenderedPage Render(string cacheKey, string contentType, Func<StatusSnapshot, byte[]> render)
    {
        var snapshot = snapshots.Current;
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.ContentVersion == snapshot.ContentVersion)
        {
            metrics.CacheHit(cached);
            return cached;
        }

        return Remember(cacheKey, snapshot, render(snapshot), contentType);
    }

    private RenderedPage Remember(string cacheKey, StatusSnapshot snapshot, byte[] bytes, string contentType)
    {
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
        metrics.Rendered(page);
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

    /// <summary>
    /// The busiest code of the app: every header is text made with the page, so an answer from the cache parses only
    /// Accept-Encoding (and the conditional headers a revalidating reader sends) and builds no string.
    /// </summary>
    public static Task WriteAsync(HttpContext http, RenderedPage page, int statusCode = StatusCodes.Status200OK)
    {
        if (statusCode == StatusCodes.Status200OK)
        {
            EarlyPublicAnswers.Record(http, page);
        }

        return WriteCachedAsync(http, page, statusCode);
    }

    internal static Task WriteCachedAsync(HttpContext http, RenderedPage page, int statusCode)
    {
        var request = http.Request;
        var response = http.Response;
        var answer = ChooseEncoding(request.Headers.AcceptEncoding, page);
        var headers = response.Headers;
        headers.CacheControl = CacheControl;
        headers.ETag = answer.ETag;
        headers.Vary = HeaderNames.AcceptEncoding;
        if (statusCode == StatusCodes.Status200OK)
        {
            headers.LastModified = page.LastModifiedHeader;
            if (IsNotModified(request, answer.ETag, page.LastModified))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
        }

        response.StatusCode = statusCode;
        headers.ContentType = page.ContentType;
        if (answer.ContentEncoding is not null)
        {
            headers.ContentEncoding = answer.ContentEncoding;
        }

        response.ContentLength = answer.Body.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.BodyWriter.WriteAsync(answer.Body).AsTask();
    }

    /// <summary>If-None-Match, when sent, decides alone (RFC 9110 §13.1.3); If-Modified-Since is for clients that kept only the date.</summary>
    private static bool IsNotModified(HttpRequest request, string etag, DateTime lastModified)
    {
        if (request.Headers.IfNoneMatch.Count == 0 && request.Headers.IfModifiedSince.Count == 0)
        {
            return false;
        }

        return request.Headers.IfNoneMatch.Count > 0
            ? IfNoneMatchNames(request, etag)
            : request.GetTypedHeaders().IfModifiedSince is { } since && lastModified <= since.UtcDateTime;
    }

    /// <summary>
    /// Whether If-None-Match is sent and is * or names <paramref name="etag"/>, compared weakly (RFC 9110 §13.1.2): a
    /// proxy that compressed the answer hands it on as W/"…", and the reader sends that back.
    /// </summary>
    public static bool IfNoneMatchNames(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.Count > 0
        && request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag == etag);

    /// <summary>br before gzip before the bytes as they are, taking only what the reader accepts with a quality above zero.</summary>
    private static RenderedPage.Representation ChooseEncoding(StringValues acceptEncoding, RenderedPage page)
    {
        var (brotli, gzip) = (false, false);
        foreach (var value in acceptEncoding)
        {
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var item = comma < 0 ? rest : rest[..comma];
                rest = comma < 0 ? [] : rest[(comma + 1)..];
                var semicolon = item.IndexOf(';');
                var coding = (semicolon < 0 ? item : item[..semicolon]).Trim();
                if (semicolon >= 0 && !HasPositiveQuality(item[(semicolon + 1)..]))
                {
                    continue;
                }

                brotli |= coding.Equals("br", StringComparison.OrdinalIgnoreCase);
                gzip |= coding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
            }
        }

        return brotli ? page.BrotliAnswer : gzip ? page.GzipAnswer : page.Identity;
    }

    /// <summary>The parameters after a coding: q=0 (or q=0.000) refuses it, anything else or no q at all accepts it.</summary>
    private static bool HasPositiveQuality(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.Length > 1 && (parameter[0] is 'q' or 'Q') && parameter[1..].TrimStart().StartsWith('='))
            {
                var weight = parameter[(parameter.IndexOf('=') + 1)..].Trim();
                return !double.TryParse(weight, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quality) || quality > 0;
            }
        }

        return true;
    }

    public void Forget() => _cache.Clear();
}
