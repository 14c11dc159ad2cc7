using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace StatusHub.Staff.TwoFactor;

/// <summary>
/// The one place the admin's "second factor required" holds: a requirement of the staff and admin policies, so no staff
/// page, form or endpoint opens for an account that has none yet; the account is sent to enrol instead.
/// Only the enrolment page itself asks for the <see cref="EnrolPolicy"/>, the staff roles alone.
/// </summary>
public sealed class SecondFactorRequirement : IAuthorizationRequirement
{
    public const string EnrolPolicy = "staff-enrol";

    private static readonly CookieAuthenticationEvents Defaults = new();

    /// <summary>Where a signed-in account that must enrol lands instead of "not allowed".</summary>
    public static Task RedirectToAccessDeniedAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (context.HttpContext.User.AccountId() is { } id && context.HttpContext.RequestServices.GetRequiredService<SecondFactors>().MustEnrol(id))
        {
            context.Response.Redirect(context.Request.PathBase + SecondFactorEndpoints.PagePath);
            return Task.CompletedTask;
        }

        return Defaults.RedirectToAccessDenied(context);
    }
}
