using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using StatusHub.Components;
using StatusHub.Hosting;
using StatusHub.Storage;

namespace StatusHub.Staff;

/// <summary>
/// The account forms post here rather than to their pages so that these endpoints can be rate limited
/// and set cookies; a failed post renders the same page again with the reason.
/// </summary>
public static class StaffEndpoints
{
    public const string WrongCredentials = "Email or password is wrong.";
    public const string DefaultReturnUrl = "/admin";
    public const string FormExpiredMessage = "The form expired. Please fill it in again.";
    public const string SessionGone = "That session has already ended.";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account")
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter(RefuseExpiredFormsAsync)
            // The pages at the same paths answer POST too (Blazor form handling); these must win.
            .WithOrder(-1);
        account.MapPost("/login", SignInAsync).RequireRateLimiting(StaffExtensions.SignInRateLimit);
        account.MapPost("/oidc", Oidc.OidcEndpoints.StartAsync).RequireRateLimiting(StaffExtensions.SignInRateLimit);
        account.MapPost("/setup", SetUpAsync).RequireRateLimiting(StaffExtensions.SignInRateLimit);
        account.MapPost("/logout", SignOutAsync);
        account.MapPost("/sessions", EndSessionAsync).RequireAuthorization(StaffRoles.StaffPolicy);
        account.MapPost("/telegram", Telegram.TelegramAccountEndpoints.PostAsync).RequireAuthorization(StaffRoles.StaffPolicy);
        TwoFactor.SecondFactorEndpoints.Map(account);
        return endpoints;
    }

    /// <summary>
    /// The one answer to every account form posted without a valid antiforgery token (a page left open across a restart,
    /// or a post forged by another site): the page it came from again, saying the form expired. Runs before the endpoint,
    /// so nothing is read, checked or changed.
    /// </summary>
    private static async ValueTask<object?> RefuseExpiredFormsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
            ? await next(context)
            : Page(context.HttpContext, new AccountFormState("", LocalUrlOrDefault(context.HttpContext.Request.Query["ReturnUrl"]), FormExpiredMessage), StatusCodes.Status400BadRequest);

    private static async Task<IResult> SignInAsync(HttpContext http, StaffAccountService accounts, TwoFactor.SecondFactors secondFactors)
    {
        var form = await http.Request.ReadFormAsync();
        var returnUrl = LocalUrlOrDefault(form["ReturnUrl"]);
        var result = accounts.SignIn(form["Email"], form["Password"], ClientAddress(http), a => secondFactors.Find(a.Id) is not null);
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                return await TwoFactor.SecondFactorEndpoints.AfterPasswordAsync(http, result.Account!, returnUrl);
            case SignInOutcome.Throttled:
                RetryAfterHeader.Set(http.Response, result.RetryAfter);
                return Page(http, new AccountFormState(form["Email"].ToString(), returnUrl,
                    $"Too many failed attempts for this email. Wait {Describe(result.RetryAfter)} before trying again."), StatusCodes.Status429TooManyRequests);
            default:
                return Page(http, new AccountFormState(form["Email"].ToString(), returnUrl, WrongCredentials), StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> SetUpAsync(HttpContext http, FirstAdminSetup setup, StaffSessions sessions)
    {
        var form = await http.Request.ReadFormAsync();
        try
        {
            var admin = setup.Complete(form["Token"], form["Email"].ToString(), form["Password"].ToString(), form["ConfirmPassword"].ToString());
            await StartSessionAsync(http, sessions, admin);
            return Results.Redirect("/admin/accounts");
        }
        catch (ValidationException ex)
        {
            return Page(http, new AccountFormState(form["Email"].ToString(), null, ex.Message, form["Token"]), StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, StaffSessions sessions)
    {
        if (sessions.Validate(http.User) is { } open)
        {
            sessions.End(open.Account, open.Session.Id, open.Account.Email, "staff.signed-out");
        }

        await http.SignOutAsync();
        return Results.Redirect("/account/login");
    }

    /// <summary>Signs out one session of the signed-in account (this one included), or all of them with <c>End=all</c>.</summary>
    private static async Task<IResult> EndSessionAsync(HttpContext http, StaffSessions sessions)
    {
        var end = (await http.Request.ReadFormAsync())["End"].ToString();
        if (sessions.Validate(http.User) is not { } open)
        {
            return Results.Redirect("/account/login");
        }

        var actor = open.Account.Email;
        if (end == "all")
        {
            sessions.EndAll(open.Account, actor);
        }
        else if (end == open.Session.Id)
        {
            sessions.End(open.Account, end, actor, "staff.signed-out");
        }
        else
        {
            return sessions.End(open.Account, end, actor, "staff.session-ended")
                ? Results.Redirect("/account/sessions")
                : Page(http, new AccountFormState("", null, SessionGone), StatusCodes.Status400BadRequest);
        }

        await http.SignOutAsync();
        return Results.Redirect("/account/login");
    }

    internal static async Task StartSessionAsync(HttpContext http, StaffSessions sessions, StaffAccount account)
    {
        var session = sessions.Start(account, ClientAddress(http), http.Request.Headers.UserAgent.ToString());
        await http.SignInAsync(StaffSession.Principal(account, session.Id));
    }

    /// <summary>Only a path on this site: anything else would let a crafted link send a fresh sign-in to someone else's page.</summary>
    public static string LocalUrlOrDefault(string? url) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url
            : DefaultReturnUrl;

    internal static async ValueTask WriteTooManyAttemptsAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        if (context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter))
        {
            RetryAfterHeader.Set(response, retryAfter);
        }

        response.ContentType = "text/html; charset=utf-8";
        var wait = retryAfter > TimeSpan.Zero ? Describe(retryAfter) : "a few minutes";
        await response.WriteAsync(
            $"""
             <!DOCTYPE html>
             <html lang="en"><head><meta charset="utf-8"><title>Too many attempts · StatusHub</title><link rel="stylesheet" href="/css/site.css"></head>
             <body><main class="container"><h1>Too many attempts</h1>
             <p>This address has tried to sign in too often. Wait {WebUtility.HtmlEncode(wait)}, then <a href="/account/login">try again</a>.</p></main></body></html>
             """,
            cancellationToken);
    }

    private static RazorComponentResult Page(HttpContext http, AccountFormState state, int statusCode)
    {
        http.Items[typeof(AccountFormState)] = state;
        return new RazorComponentResult<App> { StatusCode = statusCode };
    }

    internal static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown address";

    internal static string Describe(TimeSpan wait) =>
        wait < TimeSpan.FromMinutes(1) ? $"{Math.Ceiling(wait.TotalSeconds):0} seconds" : $"{Math.Ceiling(wait.TotalMinutes):0} minutes";
}
