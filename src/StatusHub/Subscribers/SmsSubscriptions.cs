using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Hosting;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers.Pages;

namespace StatusHub.Subscribers;

/// <summary>What a sign-up by SMS came to; the page answers the same whether the number was new, pending or active.</summary>
public abstract record SmsSignUpResult
{
    public sealed record CodeSent(string Number) : SmsSignUpResult;

    public sealed record TooManyCodes(TimeSpan RetryAfter) : SmsSignUpResult;
}

/// <summary>
/// Sign-up by SMS: a 6-digit code (stored hashed) goes to the number through the outbox, and typing it back
/// confirms. A number already subscribed gets no code (unless its texts failed) and no different answer, so nobody learns who follows the page.
/// </summary>
public sealed class SmsSignUp(SubscriberService subscribers, NotificationPublisher publisher, LiteStore store, SmsCodeLimiter limiter, OutboxStore outbox, TimeProvider time)
{
    public static readonly TimeSpan CodeValidFor = TimeSpan.FromMinutes(10);

    public bool IsAvailable => publisher.Channels.Any(c => c.Name == ChannelNames.Sms && c.ConfigurationProblem is null);

    /// <summary>Sends a code to the number; <paramref name="language"/> (null: the page's) is kept for the code and every message after it.</summary>
    public SmsSignUpResult Start(string? phone, bool allComponents, IReadOnlyCollection<string> componentIds, string? language = null)
    {
        var number = SubscriberAddresses.Normalise(ChannelNames.Sms, phone);
        if (!limiter.TryTake(number, out var retryAfter))
        {
            return new SmsSignUpResult.TooManyCodes(retryAfter);
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        // A number whose texts were refused for good gets a code again: typing it back shows the phone takes texts again.
        var failing = outbox.IsFailing(ChannelNames.Sms, number);
        var subscriber = subscribers.StartSignUp(ChannelNames.Sms, number, allComponents, componentIds, code, CodeValidFor, language ?? publisher.Language, confirmAgain: failing);
        if (subscriber.State == SubscriberState.Pending || failing)
        {
            var content = NotificationContent.ForConfirmationCode(publisher.Page, code, CodeValidFor);
            store.Write(
                scope => publisher.EnqueueTo(scope, content, ChannelNames.Sms, number, SubscriberAddresses.Mask(ChannelNames.Sms, number), time.GetUtcNow().UtcDateTime, subscriber.Language),
                affectsStatusPage: false);
        }

        return new SmsSignUpResult.CodeSent(number);
    }

    /// <summary>
    /// Checks a typed code. A wrong code answers <see cref="ConfirmationResult.Wrong"/> whether the number is unknown,
    /// pending, expired or active, so the form cannot be used to find out whether a number is subscribed.
    /// </summary>
    public ConfirmationResult Confirm(string? phone, string? code)
    {
        var number = SubscriberAddresses.Normalise(ChannelNames.Sms, phone);
        var typed = code?.Trim() ?? "";
        var result = subscribers.Confirm(Subscriber.KeyFor(ChannelNames.Sms, number), typed.Length is > 0 and <= 12 ? typed : "-");
        if (result is ConfirmationResult.Confirmed or ConfirmationResult.AlreadyActive)
        {
            outbox.Reachable(ChannelNames.Sms, number, SubscriberAddresses.Mask(ChannelNames.Sms, number));
        }

        return result;
    }

    /// <summary>"STOP" and its usual synonyms, as carriers recognise them.</summary>
    public static bool IsStop(string? text) =>
        text?.Trim().ToUpperInvariant() is "STOP" or "UNSUBSCRIBE" or "CANCEL" or "END" or "QUIT" or "STOPALL";

    /// <summary>Removes the number's subscription (deleting it). False when there was none.</summary>
    public bool Stop(string from)
    {
        var number = SubscriberAddresses.Normalise(ChannelNames.Sms, from);
        return subscribers.Remove(Subscriber.KeyFor(ChannelNames.Sms, number), number);
    }
}

/// <summary>The public SMS endpoints: sign-up, code confirmation, and the gateway's inbound messages (STOP).</summary>
public static class SmsSubscriptions
{
    public const int MaxPhoneLength = 40;
    public static IEndpointRouteBuilder MapSmsSubscriptions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/subscribe/sms", SignUpAsync)
            .RequireRateLimiting(SubscribersExtensions.RateLimitPolicy)
            .DisableAntiforgery();
        endpoints.MapPost("/subscribe/sms/confirm", ConfirmAsync)
            .RequireRateLimiting(SubscribersExtensions.RateLimitPolicy)
            .DisableAntiforgery();
        endpoints.MapPost("/sms/inbound", InboundAsync)
            .DisableAntiforgery();
        return endpoints;
    }

    internal static async Task<IResult> SignUpAsync(HttpContext http, SmsSignUp signUp)
    {
        if (!signUp.IsAvailable)
        {
            return await PublicAnswer.Say(http, StatusCodes.Status503ServiceUnavailable, "SmsOff");
        }

        var form = await SubscriptionPages.ReadFormAsync(http.Request);
        if (form is null)
        {
            return await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "UseTheForm");
        }

        SmsSignUpResult result;
        try
        {
            var phone = Storage.Validate.MaxLength(form["phone"].ToString(), "The mobile number", MaxPhoneLength);
            var (all, components) = SubscriptionPages.Following(http, form);
            result = signUp.Start(phone, all, components, SubscriptionChoice.LanguageOf(form));
        }
        catch (ValidationException ex)
        {
            return await SubscriptionPages.SubscribeAgainAsync(http, form, ex);
        }

        return result switch
        {
            SmsSignUpResult.TooManyCodes tooMany => await TooManyCodesAsync(http, tooMany.RetryAfter),
            SmsSignUpResult.CodeSent sent => await CodePageAsync(http, StatusCodes.Status200OK, "CodeSent", sent.Number, sent.Number, SmsSignUp.CodeValidFor.TotalMinutes),
            _ => throw new InvalidOperationException(),
        };
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, SmsSignUp signUp)
    {
        var form = await SubscriptionPages.ReadFormAsync(http.Request);
        if (form is null)
        {
            return await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "UseTheCodeForm");
        }

        var phone = form["phone"].ToString();
        ConfirmationResult result;
        try
        {
            result = signUp.Confirm(Storage.Validate.MaxLength(phone, "The mobile number", MaxPhoneLength), form["code"].ToString());
        }
        catch (ValidationException ex)
        {
            return await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "CheckNumber", null, PublicAnswer.Sentence(http, ex));
        }

        return result switch
        {
            ConfirmationResult.Confirmed or ConfirmationResult.AlreadyActive => await PublicAnswer.Say(http, StatusCodes.Status200OK, "SmsConfirmed"),
            ConfirmationResult.Expired => await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "CodeExpired", null, SmsSignUp.CodeValidFor.TotalMinutes),
            ConfirmationResult.TooManyAttempts => await PublicAnswer.Say(http, StatusCodes.Status400BadRequest, "CodeUsedUp", null, SubscriberService.MaxConfirmationAttempts),
            _ => await CodePageAsync(http, StatusCodes.Status400BadRequest, "CodeWrong", phone.Trim(), SubscriberService.MaxConfirmationAttempts),
        };
    }

    /// <summary>
    /// Replies the provider forwards (StatusHub's signed <c>{"from","text"}</c>, Twilio's inbound webhook, the Android
    /// gateway's <c>sms:received</c>), signature checked by the provider <c>Sms:Provider</c> picks. STOP and its synonyms
    /// delete the subscription, audited as the subscriber; anything else is acknowledged and ignored.
    /// </summary>
    private static async Task<IResult> InboundAsync(HttpContext http, IOptionsMonitor<SmsOptions> sms, IPageAddress page, SmsSignUp signUp, TimeProvider time)
    {
        var options = sms.CurrentValue;
        var (callback, refusal) = await SmsWebhooks.ReadAsync(http.Request, options, page.Page, time);
        if (refusal is not null)
        {
            return refusal;
        }

        var removed = false;
        if (callback is SmsCallback.Inbound inbound && SmsSignUp.IsStop(inbound.Text))
        {
            try
            {
                removed = signUp.Stop(inbound.From);
            }
            catch (ValidationException)
            {
                // Not a number in international form: no subscriber could have it.
            }
        }

        return options.Gateway?.InboundReply is { } reply ? Results.Content(reply.Body, reply.ContentType) : Results.Ok(new { removed });
    }

    /// <summary>The code form under the answer named <paramref name="answer"/> (see <see cref="PublicAnswer.Say"/>).</summary>
    private static Task<IResult> CodePageAsync(HttpContext http, int status, string answer, string phone, params object?[] args)
    {
        var words = http.RequestServices.GetRequiredService<Localization.PublicText>();
        var heading = words[$"Answer.{answer}.Heading"];
        return SubscriptionPages.Page<SmsCodePage>(http, status, heading, new()
        {
            [nameof(SmsCodePage.Heading)] = heading,
            [nameof(SmsCodePage.Text)] = words.Format($"Answer.{answer}.Text", args),
            [nameof(SmsCodePage.Phone)] = phone,
        });
    }

    private static async Task<IResult> TooManyCodesAsync(HttpContext http, TimeSpan retryAfter)
    {
        RetryAfterHeader.Set(http.Response, retryAfter);
        return await PublicAnswer.Say(http, StatusCodes.Status429TooManyRequests, "TooManyCodes", null,
            http.RequestServices.GetRequiredService<Localization.PublicText>().Wait(retryAfter));
    }
}
