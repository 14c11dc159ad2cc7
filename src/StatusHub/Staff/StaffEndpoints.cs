using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using StatusHub.Audit;
using StatusHub.Components;
using StatusHub.Storage;

namespace StatusHub.Staff;

/// <summary>What a re-shown account form keeps from the post that failed (never the password), and why it failed.</summary>
public sealed record AccountFormState(string Email, string? ReturnUrl, string? Error);

/// <summary>
/// The account forms post here rather than to their pages so that these endpoints can be rate limited
/// and set cookies; a failed post renders the same page again with the reason.
/// </summary>
public static class StaffEndpoints
{
    public const string WrongCredentials = "Email or password is wrong.";
    public const string DefaultReturnUrl = "/admin";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account")
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            // The pages at the same paths answer POST too (Blazor form handling); these must win.
            .WithOrder(-1);
        account.MapPost("/login", SignInAsync).RequireRateLimiting(StaffExtensions.SignInRateLimit);
        account.MapPost("/setup", SetUpAsync).RequireRateLimiting(StaffExtensions.SignInRateLimit);
        account.MapPost("/logout", SignOutAsync);
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, StaffAccountService accounts)
    {
        if (await ReadFormAsync(http) is not { } form)
        {
            return FormExpired(http);
        }

        var returnUrl = LocalUrlOrDefault(form["ReturnUrl"]);
        var result = accounts.SignIn(form["Email"], form["Password"], ClientAddress(http));
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                await http.SignInAsync(StaffSession.Principal(result.Account!));
                return Results.Redirect(returnUrl);
            case SignInOutcome.Throttled:
                SetRetryAfter(http.Response, result.RetryAfter);
                return Page(http, new AccountFormState(form["Email"].ToString(), returnUrl,
                    $"Too many failed attempts for this email. Wait {Describe(result.RetryAfter)} before trying again."), StatusCodes.Status429TooManyRequests);
            default:
                return Page(http, new AccountFormState(form["Email"].ToString(), returnUrl, WrongCredentials), StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> SetUpAsync(HttpContext http, FirstAdminSetup setup)
    {
        if (await ReadFormAsync(http) is not { } form)
        {
            return FormExpired(http);
        }

        try
        {
            var admin = setup.Complete(form["Token"], form["Email"].ToString(), form["Password"].ToString(), form["ConfirmPassword"].ToString());
            await http.SignInAsync(StaffSession.Principal(admin));
            return Results.Redirect("/admin/accounts");
        }
        catch (ValidationException ex)
        {
            return Page(http, new AccountFormState(form["Email"].ToString(), null, ex.Message), StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, LiteStore store, TimeProvider time)
    {
        if (await ReadFormAsync(http) is null)
        {
            return Results.Content("The sign-out form expired. Reload the page and sign out again.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        if (http.User.Identity?.Name is { } email)
        {
            store.Write(scope => scope.Audit(time.GetUtcNow().UtcDateTime, email, "staff.signed-out", StaffAccount.AuditSubject(email)), affectsStatusPage: false);
        }

        await http.SignOutAsync();
        return Results.Redirect("/account/login");
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
            SetRetryAfter(response, retryAfter);
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

    /// <summary>Null when the antiforgery token is missing or wrong (e.g. the form sat open across a key rotation).</summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http) =>
        http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true } ? await http.Request.ReadFormAsync() : null;

    private static IResult FormExpired(HttpContext http) =>
        Page(http, new AccountFormState("", LocalUrlOrDefault(http.Request.Query["ReturnUrl"]), "The form expired. Please fill it in again."), StatusCodes.Status400BadRequest);

    private static RazorComponentResult Page(HttpContext http, AccountFormState state, int statusCode)
    {
        http.Items[typeof(AccountFormState)] = state;
        return new RazorComponentResult<App> { StatusCode = statusCode };
    }

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown address";

    private static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan wait) =>
        wait < TimeSpan.FromMinutes(1) ? $"{Math.Ceiling(wait.TotalSeconds):0} seconds" : $"{Math.Ceiling(wait.TotalMinutes):0} minutes";
}
