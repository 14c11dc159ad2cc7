using Microsoft.Extensions.Options;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers.Pages;

namespace StatusHub.Subscribers;

/// <summary>A subscriber's own page, reached through the signed, expiring link in every message: change what they follow, or leave.</summary>
public static class PreferencesEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/subscribe/preferences", async (string? token, HttpContext http, PreferenceLinks links, SubscriberService subscribers, PublicPageRenderer pages, StatusSnapshotService snapshots, IOptions<StatusPageOptions> page) =>
        {
            if (Find(token, links, subscribers) is not (Subscriber subscriber, null))
            {
                return await LinkProblemAsync(http, token, links);
            }

            var html = await pages.RenderHtmlAsync<PreferencesPage>(snapshots.Current, page.Value.PageTitle(page.Value.Words["Prefs.Heading"]), new Dictionary<string, object?>
            {
                [nameof(PreferencesPage.Subscriber)] = subscriber,
                [nameof(PreferencesPage.Token)] = token,
            });
            http.Response.Headers.CacheControl = "no-store";
            return Results.Content(html, "text/html; charset=utf-8");
        }).RequireRateLimiting(SubscribersExtensions.LinkRateLimitPolicy);

        endpoints.MapPost("/subscribe/preferences", async (HttpContext http, PreferenceLinks links, SubscriberService subscribers, StatusSnapshotService snapshots, IOptions<StatusPageOptions> page) =>
        {
            var form = await SubscriptionForms.ReadAsync(http.Request);
            if (form is null)
            {
                return await PublicAnswer.FormNotReadableAsync(http);
            }

            string? token = form["token"];
            if (Find(token, links, subscribers) is not (Subscriber subscriber, null))
            {
                return await LinkProblemAsync(http, token, links);
            }

            try
            {
                var choice = SubscriptionChoice.From(form, snapshots.Current);
                var saved = subscribers.SetComponents(subscriber.Id, choice.All, choice.ComponentIds, SubscriberAddresses.Mask(subscriber.Channel, subscriber.Address));
                return await PublicAnswer.Say(http, StatusCodes.Status200OK, "PrefsSaved", $"/subscribe/preferences?token={Uri.EscapeDataString(token!)}",
                    SubscriptionChoice.Describe(saved.AllComponents, saved.ComponentIds, snapshots.Current, page.Value.Words));
            }
            catch (ValidationException ex)
            {
                return await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "CheckChoice", $"/subscribe/preferences?token={Uri.EscapeDataString(token!)}", PublicAnswer.Sentence(http, ex));
            }
        }).DisableAntiforgery().RequireRateLimiting(SubscribersExtensions.LinkRateLimitPolicy);

        endpoints.MapPost("/subscribe/preferences/leave", async (HttpContext http, PreferenceLinks links, SubscriberService subscribers) =>
        {
            var form = await SubscriptionForms.ReadAsync(http.Request);
            if (form is null)
            {
                return await PublicAnswer.FormNotReadableAsync(http);
            }

            string? token = form["token"];
            var link = links.Read(token);
            if (link.State != PreferenceLinkState.Valid)
            {
                return await LinkProblemAsync(http, token, links);
            }

            // Leaving twice (a double click, a second tab) is still a success: the subscription is gone either way.
            subscribers.Remove(link.SubscriberId!, actor: AddressOf(link.SubscriberId!));
            return await PublicAnswer.Say(http, StatusCodes.Status200OK, "Left", "/subscribe");
        }).DisableAntiforgery().RequireRateLimiting(SubscribersExtensions.LinkRateLimitPolicy);
    }

    private static (Subscriber?, PreferenceLinkState?) Find(string? token, PreferenceLinks links, SubscriberService subscribers)
    {
        var link = links.Read(token);
        if (link.State != PreferenceLinkState.Valid)
        {
            return (null, link.State);
        }

        return subscribers.Find(link.SubscriberId!) is { } subscriber ? (subscriber, null) : (null, PreferenceLinkState.Valid);
    }

    private static Task<IResult> LinkProblemAsync(HttpContext http, string? token, PreferenceLinks links) => links.Read(token).State switch
    {
        PreferenceLinkState.Expired => PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "PrefsExpired", "/subscribe"),
        PreferenceLinkState.Valid => PublicAnswer.Say(http, StatusCodes.Status404NotFound, "NoSubscription", "/subscribe"),
        _ => PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "PrefsInvalid", "/subscribe"),
    };

    /// <summary>The subscriber leaving by themselves: <see cref="SubscriberService.Remove"/> masks them in the audit log.</summary>
    private static string AddressOf(string id) => id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
