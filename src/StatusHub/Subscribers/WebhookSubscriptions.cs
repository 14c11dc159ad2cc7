using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Webhooks;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.Subscribers;

/// <summary>Whether a webhook subscription is active, and if not, what its endpoint answered.</summary>
public sealed record WebhookVerification(string Url, bool Active, string? Problem);

/// <summary>
/// Sign-up by webhook: the URL must resolve to public addresses only (unless <see cref="SubscribersOptions.AllowPrivateWebhooks"/>),
/// and a signed verification ping must be answered with a 2xx before anything else is sent there. Submitting an
/// active endpoint again changes nothing: its ping carries the endpoint's own preferences link, as every notice does.
/// </summary>
public sealed class WebhookSignUp(
    SubscriberService subscribers,
    PublicOnlyPoster publicOnly,
    NotificationPublisher publisher,
    PreferenceLinks preferences,
    IOptionsMonitor<WebhookOptions> webhooks)
{
    /// <summary>A pending subscription whose ping failed may be retried within this time by submitting the form again.</summary>
    private static readonly TimeSpan PendingFor = TimeSpan.FromDays(1);

    public bool IsAvailable => webhooks.CurrentValue.Problem() is null;

    /// <exception cref="ValidationException">The URL is malformed, private or does not resolve.</exception>
    public async Task<WebhookVerification> StartAsync(string? url, bool allComponents, IReadOnlyCollection<string> componentIds, CancellationToken cancellationToken)
    {
        var checkedUrl = SubscriberAddresses.Normalise(ChannelNames.Webhook, url);
        // Nobody types this secret back: the ping's answer is the proof, and the secret only keeps the pending record's
        // shape. It is the same for every sign-up of one URL (and known to nobody outside), so of two sign-ups sent at
        // once (a double click), the one whose ping is answered confirms the record even after the other replaced it.
        var secret = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(webhooks.CurrentValue.Secret!), Encoding.UTF8.GetBytes("verification:" + checkedUrl)));
        var subscriber = subscribers.StartSignUp(ChannelNames.Webhook, checkedUrl, allComponents, componentIds, secret, PendingFor);
        var ping = JsonSerializer.Serialize(new
        {
            type = "verification",
            subscription = new { url = checkedUrl, all_components = subscriber.AllComponents, components = subscriber.AllComponents ? [] : subscriber.ComponentIds },
            page = new { name = publisher.Page.Name, url = publisher.Page.Url },
            meta = new { unsubscribe = preferences.For(subscriber.Id) },
        });
        var result = await publicOnly.Poster.PostAsync(new Uri(checkedUrl), ping, webhooks.CurrentValue.Secret!, "verification-" + Ids.New(), cancellationToken);
        if (result is not SendResult.Sent)
        {
            return new WebhookVerification(checkedUrl, subscriber.State == SubscriberState.Active, result switch
            {
                SendResult.Transient t => t.Error,
                SendResult.Permanent p => p.Error,
                _ => result.ToString(),
            });
        }

        if (subscriber.State == SubscriberState.Pending)
        {
            subscribers.Confirm(subscriber.Id, secret);
        }

        return new WebhookVerification(checkedUrl, true, null);
    }
}

/// <summary>The public webhook sign-up endpoint.</summary>
public static class WebhookSubscriptions
{
    public static IEndpointRouteBuilder MapWebhookSubscriptions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/subscribe/webhook", SignUpAsync)
            .RequireRateLimiting(SubscribersExtensions.RateLimitPolicy)
            .DisableAntiforgery();
        return endpoints;
    }

    internal static async Task<IResult> SignUpAsync(HttpContext http, WebhookSignUp signUp)
    {
        if (!signUp.IsAvailable)
        {
            return await PublicAnswer.Say(http, StatusCodes.Status503ServiceUnavailable, "WebhooksOff");
        }

        var form = await SubscriptionPages.ReadFormAsync(http.Request);
        if (form is null)
        {
            return await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "UseTheForm");
        }

        WebhookVerification verification;
        try
        {
            var (all, components) = SubscriptionPages.Following(http, form);
            verification = await signUp.StartAsync(form["url"].ToString(), all, components, http.RequestAborted);
        }
        catch (ValidationException ex)
        {
            return await SubscriptionPages.SubscribeAgainAsync(http, form, ex);
        }

        // One answer whether the endpoint was new or already subscribed: the form must not tell who follows the page.
        return verification.Problem is null
            ? await PublicAnswer.Say(http, StatusCodes.Status200OK, "WebhookSubscribed", null, verification.Url)
            : await PublicAnswer.Say(http, StatusCodes.Status502BadGateway, "WebhookNotConfirmed", null, verification.Url, verification.Problem);
    }
}
