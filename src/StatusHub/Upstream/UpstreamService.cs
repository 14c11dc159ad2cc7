using StatusHub.Audit;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Upstream;

/// <summary>Which components follow which upstream page; set by admins, versioned and audited.</summary>
public sealed class UpstreamService(LiteStore store, TimeProvider time, UpstreamFetcher fetcher)
{
    public IReadOnlyList<UpstreamLink> All() => store.Collection<UpstreamLink>().FindAll().ToList();

    public UpstreamLink? For(string componentId) => store.Collection<UpstreamLink>().FindById(componentId);

    /// <summary>The upstream's components, for staff to pick one ("fetch components"); an error sentence when it cannot be read.</summary>
    public async Task<UpstreamFetch> ListComponentsAsync(string typedUrl, CancellationToken cancel)
    {
        var url = UpstreamFetcher.JsonUrl(typedUrl);
        return await fetcher.FetchAsync(url, null, null, cancel);
    }

    /// <summary>Makes <paramref name="componentId"/> follow an upstream component, or changes how it does (<paramref name="version"/> 0 for a new link).</summary>
    public UpstreamLink Follow(string componentId, string typedUrl, string upstreamComponentId, string providerName, TimeSpan interval, int version, string actor)
    {
        var url = UpstreamFetcher.JsonUrl(typedUrl);
        var upstreamId = Validate.RequiredText(upstreamComponentId, "Upstream component id", UpstreamLink.MaxUpstreamIdLength);
        var provider = Validate.RequiredText(providerName, "Provider name", UpstreamLink.MaxProviderNameLength);
        if (interval < UpstreamLink.MinInterval || interval > UpstreamLink.MaxInterval)
        {
            throw new ValidationException($"The poll interval must be between {UpstreamLink.MinInterval.TotalSeconds:0} seconds and {UpstreamLink.MaxInterval.TotalMinutes:0} minutes.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        return store.Write(scope =>
        {
            var component = scope.Collection<StatusComponent>().FindById(componentId) ?? throw new NotFoundException($"There is no component with id '{componentId}'.");
            var existing = scope.Collection<UpstreamLink>().FindById(componentId);
            var link = new UpstreamLink
            {
                Id = componentId,
                Url = url,
                UpstreamComponentId = upstreamId,
                ProviderName = provider,
                IntervalSeconds = (int)interval.TotalSeconds,
                CreatedAt = existing is null ? now : Validate.Utc(existing.CreatedAt),
                UpdatedAt = now,
                Version = version,
            };
            var saved = existing is null
                ? (version == 0 ? scope.Insert(link) : throw new NotFoundException($"The upstream of \"{component.Name}\" was removed meanwhile."))
                : scope.Update(link, $"The upstream of \"{component.Name}\"");
            scope.Audit(now, actor, existing is null ? "upstream.followed" : "upstream.updated", $"component:{componentId}", $"{component.Name} follows {upstreamId} at {url} ({provider}), every {interval.TotalSeconds:0} s");
            return saved;
        });
    }

    public void Unfollow(string componentId, string actor)
    {
        var now = time.GetUtcNow().UtcDateTime;
        store.Write(scope =>
        {
            var link = scope.Collection<UpstreamLink>().FindById(componentId) ?? throw new NotFoundException("This component follows no upstream.");
            scope.Collection<UpstreamLink>().Delete(componentId);
            scope.Audit(now, actor, "upstream.unfollowed", $"component:{componentId}", link.Url);
        });
    }
}
