using System.Collections.Concurrent;

namespace StatusHub.StatusPage;

/// <summary>
/// The public group's answers replayed before the rest of the pipeline: once a public endpoint has answered a path (no
/// query) with a page from the cache, the next GET or HEAD of that path is answered by the same bytes and headers right
/// after the exception handler, without status-code pages, read-only answers, static files, routing or a request scope.
/// The endpoint is set on the request as routing would have, so the security headers keep its policy and the HTTP
/// metrics its route. A new snapshot makes every entry stale: the next request goes the whole way and records afresh.
/// </summary>
public sealed class EarlyPublicAnswers(StatusSnapshotService snapshots, StatusPageMetrics metrics)
{
    private const int MaxAnswers = 2_000;
    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);

    /// <summary>A public endpoint's answer: the page, and the headers the endpoint set besides the page's own (CORS).</summary>
    private sealed record Answer(RenderedPage Page, Endpoint Endpoint, KeyValuePair<string, string?[]>[] Headers);

    /// <summary>Marks the endpoints whose 200s may be replayed: the same bytes for every reader, whoever asks.</summary>
    public sealed class Replayable;

    /// <summary>The answer to this request if one is recorded for its path and still current; null to go on down the pipeline.</summary>
    public Task? TryAnswer(HttpContext http)
    {
        var request = http.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || request.QueryString.HasValue
            || request.Path.Value is not { } path || !_answers.TryGetValue(path, out var answer)
            || answer.Page.ContentVersion != snapshots.Current.ContentVersion)
        {
            return null;
        }

        http.SetEndpoint(answer.Endpoint);
        foreach (var (name, value) in answer.Headers)
        {
            http.Response.Headers[name] = value;
        }

        metrics.CacheHit(answer.Page);
        return PublicPageRenderer.WriteCachedAsync(http, answer.Page, StatusCodes.Status200OK);
    }

    /// <summary>Called as a public endpoint answers 200 from the cache, before the page's own headers are set.</summary>
    internal static void Record(HttpContext http, RenderedPage page)
    {
        if (http.Request.QueryString.HasValue || http.Request.Path.Value is not { } path
            || http.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<Replayable>() is null)
        {
            return;
        }

        var answers = http.RequestServices.GetRequiredService<EarlyPublicAnswers>()._answers;
        if (answers.Count >= MaxAnswers)
        {
            answers.Clear();
        }

        answers[path] = new Answer(page, endpoint, [.. http.Response.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray()))]);
    }
}
