using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers.Pages;

namespace StatusHub.Subscribers;

/// <summary>
/// The public subscribe panel and the email double opt-in. Plain forms and links, no script, no cookie:
/// antiforgery has nothing to check against, so abuse is held off by confirmation and rate limits instead.
/// </summary>
public static class SubscribeEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/subscribe", ["GET", "HEAD"], async (HttpContext http, PublicPageRenderer pages, SignUpChannels channels, IOptions<StatusPageOptions> page) =>
        {
            // Cached bytes like every public page, one copy per set of working channels: a channel switched on or off in the settings shows at once.
            var offered = channels.Offered();
            await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<SubscribePage>(
                "/subscribe?channels=" + string.Join(',', offered),
                page.Value.PageTitle(page.Value.Words["Nav.Subscribe"]),
                new Dictionary<string, object?> { [nameof(SubscribePage.Channels)] = offered }));
        });

        endpoints.MapPost("/subscribe", SignUpAsync)
            .DisableAntiforgery()
            .RequireRateLimiting(SubscribersExtensions.RateLimitPolicy);

        endpoints.MapPost("/subscribe/email", SignUpByEmailAsync)
            .DisableAntiforgery()
            .RequireRateLimiting(SubscribersExtensions.RateLimitPolicy);

        // Only an answer to the right token may differ from the "not valid" page, and only that one carries a preferences link.
        endpoints.MapGet("/subscribe/confirm", (string? id, string? token, HttpContext http, EmailSubscriptions email, PreferenceLinks links) =>
        {
            var result = email.Confirm(id, token);
            return result switch
            {
                ConfirmationResult.Confirmed or ConfirmationResult.AlreadyActive => PublicAnswer.Say(http, StatusCodes.Status200OK, "Confirmed", links.For(id!)),
                ConfirmationResult.Expired => PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "ConfirmExpired", "/subscribe"),
                ConfirmationResult.TooManyAttempts => PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "ConfirmUsedUp", "/subscribe"),
                _ => PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "ConfirmInvalid", "/subscribe"),
            };
        }).RequireRateLimiting(SubscribersExtensions.LinkRateLimitPolicy);

        PreferencesEndpoints.Map(endpoints);
        return endpoints;
    }

    /// <summary>The subscribe page's one form: one choice of components, handed to the sign-up of the channel asked for.</summary>
    private static async Task<IResult> SignUpAsync(HttpContext http, EmailSubscriptions email, SmsSignUp sms, WebhookSignUp webhook, StatusSnapshotService snapshots)
    {
        var form = await SubscriptionForms.ReadAsync(http.Request);
        if (form is null)
        {
            return await PublicAnswer.FormNotReadableAsync(http);
        }

        return SignUpChannels.Chosen(form) switch
        {
            ChannelNames.Email => await SignUpByEmailAsync(http, email, snapshots),
            ChannelNames.Sms => await SmsSubscriptions.SignUpAsync(http, sms),
            ChannelNames.Webhook => await WebhookSubscriptions.SignUpAsync(http, webhook),
            ChannelNames.Telegram => await Telegram.TelegramBotEndpoints.SignUpAsync(http, form),
            _ => await PublicAnswer.FormNotReadableAsync(http),
        };
    }

    private static async Task<IResult> SignUpByEmailAsync(HttpContext http, EmailSubscriptions email, StatusSnapshotService snapshots)
    {
        var form = await SubscriptionForms.ReadAsync(http.Request);
        if (form is null)
        {
            return await PublicAnswer.FormNotReadableAsync(http);
        }

        EmailSignUpOutcome outcome;
        try
        {
            outcome = email.SignUp(form["email"], SubscriptionChoice.From(form, snapshots.Current), SubscriptionChoice.LanguageOf(form));
        }
        catch (ValidationException ex)
        {
            return await SubscriptionPages.SubscribeAgainAsync(http, form, ex);
        }

        return outcome switch
        {
            EmailSignUpOutcome.EmailOff => await PublicAnswer.Say(http, StatusCodes.Status503ServiceUnavailable, "EmailOff", "/subscribe"),
            EmailSignUpOutcome.TooManyForAddress => await PublicAnswer.Say(http, StatusCodes.Status429TooManyRequests, "EmailTooMany", "/"),
            _ => await PublicAnswer.Say(http, StatusCodes.Status200OK, "EmailSent"),
        };
    }
}
