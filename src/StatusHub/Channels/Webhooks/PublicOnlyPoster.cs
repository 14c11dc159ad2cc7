using StatusHub.Storage;

namespace StatusHub.Channels.Webhooks;

/// <summary>
/// Signed posts to webhook URLs that anyone may register (subscriptions), over a handler that refuses private
/// addresses at connect time. URLs staff registered are trusted and keep the plain <see cref="SignedPoster"/>.
/// </summary>
public sealed class PublicOnlyPoster(IHttpClientFactory clients, TimeProvider time, LiteStore store)
{
    public const string HttpClientName = "webhook-public-only";

    public SignedPoster Poster => new(clients.CreateClient(HttpClientName), time);

    public bool IsRegisteredByStaff(string url) => store.Collection<WebhookEndpoint>().Exists(e => e.Url == url);
}
