using System.Collections.Concurrent;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Upstream;

/// <summary>How an upstream page answered lately, for staff: "upstream unreachable since …".</summary>
public sealed record UpstreamHealth(DateTime? LastAnswerAt, DateTime? FailingSince, string? Error, DateTime NextPollAt);

/// <summary>
/// Polls each upstream page once per interval (the shortest of the components following it), one request shared by all
/// of them, never two at once, with ETag and If-Modified-Since, and mirrors the upstream statuses through
/// <see cref="ComponentService"/>. A failing upstream changes nothing; it is polled less often until it answers.
/// </summary>
public sealed class UpstreamPoller(
    LiteStore store,
    ReadOnlyMode readOnly,
    ComponentService components,
    UpstreamFetcher fetcher,
    IEnumerable<IUpstreamChangeListener> listeners,
    TimeProvider time,
    ILogger<UpstreamPoller> log) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, PageState> _pages = new(StringComparer.Ordinal);
    private readonly ReadOnlyPause _pause = new(readOnly, log, "Mirroring the upstream status pages");

    /// <summary>The health of the page <paramref name="url"/> (a link's <see cref="UpstreamLink.Url"/>), or null before its first poll.</summary>
    public UpstreamHealth? Health(string url) => _pages.TryGetValue(url, out var page) ? page.Health : null;

    /// <summary>Polls every page whose time has come, and returns when those polls are done.</summary>
    public async Task PollDueAsync(CancellationToken cancel)
    {
        var now = Now();
        var polls = new List<Task>();
        foreach (var links in store.Collection<UpstreamLink>().FindAll().GroupBy(l => l.Url, StringComparer.Ordinal))
        {
            var page = _pages.GetOrAdd(links.Key, _ => new PageState());
            if (now >= page.NextPollAt && page.TryEnter())
            {
                polls.Add(PollAsync(links.Key, [.. links], page, cancel));
            }
        }

        await Task.WhenAll(polls);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_pause.Skip())
                {
                    await PollDueAsync(stoppingToken);
                }

                await Task.Delay(Tick, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Polling the upstream status pages failed; trying again in {Tick}", Tick);
                await Task.Delay(Tick, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task PollAsync(string url, IReadOnlyList<UpstreamLink> links, PageState page, CancellationToken cancel)
    {
        try
        {
            var interval = links.Min(l => l.Interval);
            var result = await fetcher.FetchAsync(url, page.ETag, page.LastModified, cancel);
            var now = Now();
            if (result.Error is { } error)
            {
                page.Failed(now, error, interval);
                log.LogWarning("Upstream {Url} failed: {Error}; nothing changed, next try at {Next:o}", url, error, page.NextPollAt);
                return;
            }

            page.Answered(now, interval, result);
            if (result.Page is { } answer)
            {
                foreach (var link in links)
                {
                    page.SetProblem(link.Id, Mirror(link, answer));
                }
            }
        }
        finally
        {
            page.Leave();
        }
    }

    /// <summary>Sets the component to the upstream component's status; a sentence for staff when that cannot be done.</summary>
    private string? Mirror(UpstreamLink link, UpstreamPage answer)
    {
        if (answer.Find(link.UpstreamComponentId) is not { } upstream)
        {
            return $"the upstream lists no component with id '{link.UpstreamComponentId}'";
        }

        if (upstream.Mirrored is not { } status)
        {
            return $"the upstream status '{upstream.Status}' is not one of Statuspage's";
        }

        if (store.Collection<StatusComponent>().FindById(link.Id) is not { } component || component.Status == status)
        {
            return null;
        }

        try
        {
            components.Update(component with { Status = status }, link.Actor, link.Actor);
        }
        catch (ConcurrencyConflictException)
        {
            return "staff changed the component meanwhile; the next answer will be mirrored";
        }

        var change = new UpstreamChange(component.Id, component.Name, component.Status, status, link.ProviderName, upstream.UpdatedAt ?? Now(), new Uri(link.Url).Host);
        foreach (var listener in listeners)
        {
            try
            {
                listener.OnUpstreamChanged(change);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "{Listener} failed on the upstream change of {Component}", listener.GetType().Name, component.Name);
            }
        }

        return null;
    }

    /// <summary>The problem of one following component (unknown id, unknown status), or null.</summary>
    public string? Problem(UpstreamLink link) => _pages.TryGetValue(link.Url, out var page) ? page.ProblemOf(link.Id) : null;

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    private sealed class PageState
    {
        private readonly ConcurrentDictionary<string, string> _problems = new(StringComparer.Ordinal);
        private int _busy;
        private int _failures;

        public string? ETag { get; private set; }
        public string? LastModified { get; private set; }
        public DateTime NextPollAt { get; private set; } = DateTime.MinValue;
        public UpstreamHealth Health { get; private set; } = new(null, null, null, DateTime.MinValue);

        public bool TryEnter() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

        public void Leave() => Volatile.Write(ref _busy, 0);

        public void Answered(DateTime now, TimeSpan interval, UpstreamFetch result)
        {
            _failures = 0;
            if (!result.NotModified)
            {
                (ETag, LastModified) = (result.ETag, result.LastModified);
            }

            NextPollAt = now + interval + Jitter(interval);
            Health = new UpstreamHealth(now, null, null, NextPollAt);
        }

        public void Failed(DateTime now, string error, TimeSpan interval)
        {
            _failures++;
            var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, interval.Ticks << Math.Min(_failures - 1, 10)));
            NextPollAt = now + backoff + Jitter(interval);
            Health = new UpstreamHealth(Health.LastAnswerAt, Health.FailingSince ?? now, error, NextPollAt);
        }

        public void SetProblem(string componentId, string? problem)
        {
            if (problem is null)
            {
                _problems.TryRemove(componentId, out _);
            }
            else
            {
                _problems[componentId] = problem;
            }
        }

        public string? ProblemOf(string componentId) => _problems.TryGetValue(componentId, out var problem) ? problem : null;

        /// <summary>Up to a tenth of the interval, so pages set up together do not stay in step.</summary>
        private static TimeSpan Jitter(TimeSpan interval) => TimeSpan.FromTicks((long)(interval.Ticks * 0.1 * Random.Shared.NextDouble()));
    }
}
