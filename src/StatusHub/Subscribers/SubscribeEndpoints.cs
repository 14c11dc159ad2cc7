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
                $"Subscribe to updates · {page.Value.Name} status",
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
                ConfirmationResult.Confirmed or ConfirmationResult.AlreadyActive => PublicAnswer.Message(http, StatusCodes.Status200OK, "Subscribed",
                    "You are subscribed",
                    "Status updates will now reach your inbox. Every email has a link to change what you follow or to leave.",
                    links.For(id!), "Manage your preferences"),
                ConfirmationResult.Expired => PublicAnswer.Message(http, StatusCodes.Status400BadRequest, "Link expired",
                    "This confirmation link has expired", "Confirmation links work for a week. Sign up again to get a fresh one.", "/subscribe", "Sign up again"),
                ConfirmationResult.TooManyAttempts => PublicAnswer.Message(http, StatusCodes.Status400BadRequest, "Link no longer valid",
                    "This confirmation link can no longer be used", "Sign up again to get a fresh one.", "/subscribe", "Sign up again"),
                _ => PublicAnswer.Message(http, StatusCodes.Status400BadRequest, "Link not valid",
                    "This confirmation link is not valid",
                    "It may have been cut short by your mail program, or replaced by a newer one. Use the link in the latest email, or sign up again.",
                    "/subscribe", "Sign up again"),
            };
        }).RequireRateLimiting(SubscribersExtensions.RateLimitPolicy);

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
            return await PublicAnswer.Message(http, StatusCodes.Status400BadRequest, "Check your details", "Please check your details", ex.Message, "/subscribe", "Back to the form");
        }

        return outcome switch
        {
            EmailSignUpOutcome.EmailOff => await PublicAnswer.Message(http, StatusCodes.Status503ServiceUnavailable, "Email unavailable",
                "Email updates are not available right now", "Please try again later, or choose another way to follow updates.", "/subscribe", "Other ways to subscribe"),
            EmailSignUpOutcome.TooManyForAddress => await PublicAnswer.TooManyAsync(http,
                "This address has been sent several sign-up emails in the last hour. Look for them in your inbox (and spam folder), or try again in an hour."),
            _ => await PublicAnswer.Message(http, StatusCodes.Status200OK, "Check your inbox", "Check your inbox",
                "We have sent a message to the address you entered. Open the link in it to confirm; until then nothing else is sent to it. If the address was already subscribed, the message says so and links to your preferences."),
        };
    }
}
