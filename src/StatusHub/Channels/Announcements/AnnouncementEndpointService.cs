using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StatusHub.Audit;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Channels.Announcements;

/// <summary>A registered endpoint and, when it refused a post for good (404 no_service, Discord's Unknown Webhook, …), since when and why.</summary>
public sealed record AnnouncementEndpointStatus(AnnouncementEndpoint Endpoint, string PlatformLabel, FailingTarget? Failing);

/// <summary>
/// The chat workspaces' incoming webhooks staff register (admins only, on the Channels page). Every change is audited with
/// the masked URL; the URL itself is only unprotected to send.
/// </summary>
public sealed class AnnouncementEndpointService(
    LiteStore store,
    TimeProvider time,
    IComponentIds components,
    IDataProtectionProvider protection,
    IOptionsMonitor<AnnouncementOptions> options)
{
    public const int MaxDescriptionLength = 200;

    private readonly IDataProtector _urls = protection.CreateProtector("StatusHub.Channels.Announcements.Url.v1");
    public IReadOnlyList<AnnouncementEndpointStatus> List()
    {
        var failing = store.Collection<FailingTarget>();
        return store.Collection<AnnouncementEndpoint>().FindAll()
            .OrderBy(e => e.CreatedAt)
            .Select(e => new AnnouncementEndpointStatus(e, Platform(e.Platform).Label, failing.FindById(FailingTarget.KeyFor(e.Platform, e.Id))))
            .ToList();
    }

    public bool AnyFor(string channel) => store.Collection<AnnouncementEndpoint>().Exists(e => e.Platform == channel);

    /// <param name="forum">Discord only: the webhook belongs to a forum or media channel (a thread per incident).</param>
    public AnnouncementEndpoint Add(string? platform, string? url, string? description, IReadOnlyCollection<string>? componentIds, bool forum, string actor)
    {
        var chosen = (platform is null ? null : AnnouncementPlatform.Find(platform))
            ?? throw new ValidationException($"Choose a platform: {string.Join(", ", AnnouncementPlatform.All.Select(p => p.Label))}.");
        var checkedUrl = CheckUrl(chosen, url, options.CurrentValue.AllowLoopbackUrls);
        var checkedDescription = Validate.OptionalText(description, "Description", MaxDescriptionLength);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(checkedUrl.AbsoluteUri)));
        var masked = Mask(checkedUrl);
        var now = time.GetUtcNow().UtcDateTime;
        return store.Write(scope =>
        {
            var endpoints = scope.Collection<AnnouncementEndpoint>();
            if (endpoints.Exists(e => e.UrlHash == hash))
            {
                throw new ValidationException($"That {chosen.Label} webhook ({masked}) is already registered.");
            }

            var endpoint = scope.Insert(new AnnouncementEndpoint
            {
                Id = Ids.New(),
                Platform = chosen.Channel,
                ProtectedUrl = _urls.Protect(checkedUrl.AbsoluteUri),
                UrlHash = hash,
                MaskedUrl = masked,
                Description = checkedDescription,
                ComponentIds = components.Require(scope, componentIds ?? []),
                Forum = forum && chosen is DiscordPlatform,
                CreatedAt = now,
                CreatedBy = actor,
            });
            scope.Audit(now, actor, "announcement.added", $"announcement:{endpoint.Id}", $"{chosen.Label} {masked}");
            return endpoint;
        }, affectsStatusPage: false);
    }

    public void Remove(string id, string actor)
    {
        var now = time.GetUtcNow().UtcDateTime;
        store.Write(scope =>
        {
            var endpoints = scope.Collection<AnnouncementEndpoint>();
            var endpoint = endpoints.FindById(id) ?? throw new NotFoundException($"There is no announcement endpoint with id '{id}'.");
            endpoints.Delete(id);
            scope.Collection<FailingTarget>().Delete(FailingTarget.KeyFor(endpoint.Platform, endpoint.Id));
            scope.Audit(now, actor, "announcement.removed", $"announcement:{id}", $"{Platform(endpoint.Platform).Label} {endpoint.MaskedUrl}");
        }, affectsStatusPage: false);
    }

    /// <summary>The endpoint a delivery names, with its URL unprotected to send; null once it was removed.</summary>
    public (AnnouncementEndpoint Endpoint, Uri Url)? Find(string id) =>
        store.Collection<AnnouncementEndpoint>().FindById(id) is { } endpoint ? (endpoint, new Uri(_urls.Unprotect(endpoint.ProtectedUrl))) : null;

    /// <summary>The endpoints of one platform that follow what <paramref name="content"/> touches, by id.</summary>
    public static IEnumerable<string> Targets(IDocumentReader reader, string channel, NotificationContent content) =>
        reader.Collection<AnnouncementEndpoint>().Find(e => e.Platform == channel).ToList()
            .Where(e => e.ComponentIds.Count == 0 || e.ComponentIds.Intersect(content.ComponentIds).Any())
            .Select(e => e.Id);

    /// <summary>
    /// An https URL of the platform's shape (any host for Mattermost, which is self-hosted), at most
    /// <see cref="AnnouncementEndpoint.MaxUrlLength"/> characters of one clean line, without credentials or fragment.
    /// With <paramref name="allowLoopback"/> a loopback http(s) URL of any shape passes too (tests, local fakes).
    /// </summary>
    public static Uri CheckUrl(AnnouncementPlatform platform, string? url, bool allowLoopback)
    {
        var trimmed = Validate.RequiredText(url, "Webhook URL", AnnouncementEndpoint.MaxUrlLength);
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw new ValidationException($"That is not a {platform.Label} webhook URL such as {platform.ExampleUrl}.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new ValidationException($"A {platform.Label} webhook URL has no user name, password or #fragment in it.");
        }

        if (allowLoopback && IsLoopback(uri))
        {
            return uri;
        }

        if (uri.Scheme != "https")
        {
            throw new ValidationException($"{platform.Label} webhook URLs carry their own secret, so they must be https.");
        }

        return platform.IsPlatformUrl(uri) ? uri : throw new ValidationException($"That is not a {platform.Label} webhook URL such as {platform.ExampleUrl}.");
    }

    /// <summary>"https://hooks.slack.com/services/…": the host and the first path segment, never a token.</summary>
    public static string Mask(Uri url)
    {
        var first = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return $"{url.Scheme}://{url.Authority}/{(first is null ? "" : first + "/")}…";
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static AnnouncementPlatform Platform(string channel) => AnnouncementPlatform.Find(channel) ?? throw new InvalidOperationException($"No platform '{channel}'.");
}
