using StatusHub.Audit;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Channels.Webhooks;

/// <summary>A registered endpoint and, when it refused a delivery for good (410 Gone, …), since when and why.</summary>
public sealed record WebhookEndpointStatus(WebhookEndpoint Endpoint, FailingTarget? Failing)
{
    public bool IsFailing => Failing is not null;
}

/// <summary>The webhook URLs staff register; every change is audited.</summary>
public sealed class WebhookEndpointService(LiteStore store, TimeProvider time, IComponentIds components)
{
    public const int MaxDescriptionLength = 200;

    public IReadOnlyList<WebhookEndpointStatus> List()
    {
        var failing = store.Collection<FailingTarget>();
        return store.Collection<WebhookEndpoint>().FindAll()
            .OrderBy(e => e.CreatedAt)
            .Select(e => new WebhookEndpointStatus(e, failing.FindById(FailingTarget.KeyFor(ChannelNames.Webhook, e.Url))))
            .ToList();
    }

    /// <param name="componentIds">Only notices touching these components; empty or null for every notice.</param>
    public WebhookEndpoint Add(string url, string? description, IReadOnlyCollection<string>? componentIds, string actor)
    {
        var checkedUrl = CheckUrl(url);
        var checkedDescription = Validate.OptionalText(description, "Description", MaxDescriptionLength);
        var now = time.GetUtcNow().UtcDateTime;
        return store.Write(scope =>
        {
            var endpoints = scope.Collection<WebhookEndpoint>();
            if (endpoints.Exists(e => e.Url == checkedUrl))
            {
                throw new ValidationException($"{checkedUrl} is already registered.");
            }

            var ids = components.Require(scope, componentIds ?? []);

            var endpoint = scope.Insert(new WebhookEndpoint
            {
                Id = Ids.New(),
                Url = checkedUrl,
                Description = checkedDescription,
                ComponentIds = ids,
                CreatedAt = now,
                CreatedBy = actor,
            });
            // A URL registered again starts with a clean slate, even if an earlier registration of it was refused.
            scope.Collection<FailingTarget>().Delete(FailingTarget.KeyFor(ChannelNames.Webhook, checkedUrl));
            scope.Audit(now, actor, "webhook.added", $"webhook:{endpoint.Id}", checkedUrl);
            return endpoint;
        }, affectsStatusPage: false);
    }

    public void Remove(string id, string actor)
    {
        var now = time.GetUtcNow().UtcDateTime;
        store.Write(scope =>
        {
            var endpoints = scope.Collection<WebhookEndpoint>();
            var endpoint = endpoints.FindById(id) ?? throw new NotFoundException($"There is no webhook with id '{id}'.");
            endpoints.Delete(id);
            scope.Collection<FailingTarget>().Delete(FailingTarget.KeyFor(ChannelNames.Webhook, endpoint.Url));
            scope.Audit(now, actor, "webhook.removed", $"webhook:{id}", endpoint.Url);
        }, affectsStatusPage: false);
    }

    /// <summary>An absolute http(s) URL of at most <see cref="WebhookEndpoint.MaxUrlLength"/> characters, without credentials in it.</summary>
    public static string CheckUrl(string? url)
    {
        var trimmed = Validate.RequiredText(url, "Webhook URL", WebhookEndpoint.MaxUrlLength);
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw new ValidationException($"'{trimmed}' is not an absolute http(s) URL such as https://hooks.example.com/statushub.")
            {
                TextKey = "Invalid.Url",
                TextValues = [trimmed],
            };
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ValidationException("Put no user name or password in a webhook URL: receivers check the signature instead.") { TextKey = "Invalid.UrlCredentials" };
        }

        return trimmed;
    }
}
