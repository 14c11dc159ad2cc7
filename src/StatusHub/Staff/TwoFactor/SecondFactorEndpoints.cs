using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using StatusHub.Components;
using StatusHub.Hosting;
using StatusHub.Storage;

namespace StatusHub.Staff.TwoFactor;

/// <summary>
/// The second factor's forms (through the account group of <see cref="StaffEndpoints"/>: antiforgery, an expired form
/// refused cleanly, the sign-in rate limit) and the step between the password and a session.
/// </summary>
public static class SecondFactorEndpoints
{
    public const string PagePath = "/account/second-factor";
    public const string VerifyPath = "/account/second-factor/verify";

    public static IHostApplicationBuilder AddSecondFactor(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SecondFactors>();
        builder.Services.AddSingleton<PendingSignIn>();
        builder.Services.AddSingleton<IAuthorizationHandler, SecondFactorHandler>();
        return builder;
    }

    public static void Map(RouteGroupBuilder account)
    {
        account.MapPost("/second-factor", ManageAsync)
            .RequireAuthorization(SecondFactorRequirement.EnrolPolicy)
            .RequireRateLimiting(StaffExtensions.SignInRateLimit);
        account.MapPost("/second-factor/verify", VerifyAsync).RequireRateLimiting(StaffExtensions.SignInRateLimit);
    }

    /// <summary>After the password was right: the second step when the account has a second factor, else a session (and enrolment, when the admin requires it).</summary>
    public static async Task<IResult> AfterPasswordAsync(HttpContext http, StaffAccount account, string returnUrl)
    {
        var services = http.RequestServices;
        var factors = services.GetRequiredService<SecondFactors>();
        if (factors.Find(account.Id) is not null)
        {
            services.GetRequiredService<PendingSignIn>().Issue(http, account, returnUrl);
            return Results.Redirect(VerifyPath);
        }

        await StaffEndpoints.StartSessionAsync(http, services.GetRequiredService<StaffSessions>(), account);
        return Results.Redirect(factors.MustEnrol(account.Id) ? PagePath : returnUrl);
    }

    private static async Task<IResult> ManageAsync(HttpContext http, StaffSessions sessions, SecondFactors factors)
    {
        var form = await http.Request.ReadFormAsync();
        if (sessions.Validate(http.User) is not { } open)
        {
            return Results.Redirect("/account/login");
        }

        // The answer may carry a secret or recovery codes: it carries an antiforgery token too, so it is sent no-store.
        var account = open.Account;
        var action = form["Action"].ToString();
        try
        {
            switch (action)
            {
                case "start":
                    return Page(http, new SecondFactorState(Enrolling: factors.StartEnrolment(account)));
                case "confirm":
                    return Page(http, new SecondFactorState(RecoveryCodes: factors.ConfirmEnrolment(account, form["Pending"], form["Code"]),
                        Done: "Your second factor is on: from now on, signing in asks for a code after the password."));
                case "regenerate":
                    return Page(http, new SecondFactorState(RecoveryCodes: factors.RegenerateRecoveryCodes(account, form["Code"], StaffEndpoints.ClientAddress(http)),
                        Done: "New recovery codes: the old ones no longer work."));
                case "disable":
                    factors.Disable(account, form["Code"], form["Password"], StaffEndpoints.ClientAddress(http));
                    return Page(http, new SecondFactorState(Done: "Your second factor is off: signing in asks for the password only."));
                case "require" when !http.User.IsInRole(StaffRoles.Admin):
                    return Page(http, new SecondFactorState(Error: "Only an admin can change what every account needs."), StatusCodes.Status403Forbidden);
                case "require":
                    var required = form["Required"] == "true";
                    factors.SetRequired(account, required);
                    return Page(http, new SecondFactorState(Done: required
                        ? "Every staff account now needs a second factor; accounts without one are sent to set it up."
                        : "A second factor is no longer required; each person chooses."));
                default:
                    return Page(http, new SecondFactorState(Error: "The form asked for nothing this page does. Reload it and try again."), StatusCodes.Status400BadRequest);
            }
        }
        catch (TooManyAttemptsException ex)
        {
            RetryAfterHeader.Set(http.Response, ex.RetryAfter);
            return Page(http, new SecondFactorState(Error: ex.Message), StatusCodes.Status429TooManyRequests);
        }
        catch (Exception ex) when (ex is ValidationException or ConcurrencyConflictException or NotFoundException)
        {
            // A wrong code while enrolling keeps the same secret on screen, so the app need not be set up again.
            var enrolling = action == "confirm" ? factors.ResumeEnrolment(account, form["Pending"]) : null;
            return Page(http, new SecondFactorState(Enrolling: enrolling, Error: ex.Message), StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, PendingSignIn pending, SecondFactors factors, StaffAccountService accounts, StaffSessions sessions)
    {
        var form = await http.Request.ReadFormAsync();
        if (pending.Read(http) is not { } ticket || accounts.Find(ticket.AccountId) is not { Disabled: false } account)
        {
            PendingSignIn.Clear(http);
            return Results.Redirect("/account/login");
        }

        SecondStepAttempt attempt;
        try
        {
            attempt = factors.SignIn(account, form["Code"], StaffEndpoints.ClientAddress(http));
        }
        catch (ValidationException ex)
        {
            return Page(http, new SecondFactorState(Error: ex.Message), StatusCodes.Status400BadRequest);
        }

        switch (attempt.Outcome)
        {
            case SignInOutcome.SignedIn:
                PendingSignIn.Clear(http);
                await StaffEndpoints.StartSessionAsync(http, sessions, account);
                // After a recovery code, the account page: it says how many are left and offers new ones.
                return Results.Redirect(attempt.RecoveryCodesLeft is null ? ticket.ReturnUrl : PagePath);
            case SignInOutcome.Throttled:
                RetryAfterHeader.Set(http.Response, attempt.RetryAfter);
                return Page(http, new SecondFactorState(Error: $"Too many wrong codes. Wait {StaffEndpoints.Describe(attempt.RetryAfter)} before trying again."),
                    StatusCodes.Status429TooManyRequests);
            default:
                return Page(http, new SecondFactorState(Error: SecondFactors.WrongCode), StatusCodes.Status400BadRequest);
        }
    }

    private static RazorComponentResult Page(HttpContext http, SecondFactorState state, int statusCode = StatusCodes.Status200OK)
    {
        http.Items[typeof(SecondFactorState)] = state;
        return new RazorComponentResult<App> { StatusCode = statusCode };
    }
}
