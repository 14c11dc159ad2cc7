using System.Diagnostics.Metrics;

namespace StatusHub.StatusPage;

/// <summary>
/// The public read path's meter (<c>StatusHub.StatusPage</c>): how often a public page or file had to be rendered and how
/// often its cached bytes were served, by media type (a handful of values, never the address).
/// </summary>
public sealed class StatusPageMetrics
{
    public const string MeterName = "StatusHub.StatusPage";

    private readonly Counter<long> _renders;
    private readonly Counter<long> _cacheHits;

    public StatusPageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _renders = meter.CreateCounter<long>("statushub.page.renders", "{render}", "Public pages and files rendered from the snapshot (a cache miss).");
        _cacheHits = meter.CreateCounter<long>("statushub.page.cache_hits", "{hit}", "Public pages and files served from the rendered bytes of the current snapshot.");
    }

    public void Rendered(RenderedPage page) => _renders.Add(1, MediaType(page));

    public void CacheHit(RenderedPage page) => _cacheHits.Add(1, MediaType(page));

    private static KeyValuePair<string, object?> MediaType(RenderedPage page) => new("media_type", page.MediaType);
}
