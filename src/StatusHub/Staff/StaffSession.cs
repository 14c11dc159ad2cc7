using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace StatusHub.Staff;

/// <summary>What the sign-in cookie carries, and the per-request check that its session is still open.</summary>
public static class StaffSession
{
    private const string SessionClaim = "statushub:session";

    public static ClaimsPrincipal Principal(StaffAccount account, string sessionId) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id),
            new Claim(ClaimTypes.Name, account.Email),
            new Claim(ClaimTypes.Role, account.Role),
            new Claim(SessionClaim, sessionId),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    public static string? AccountId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(SessionClaim);

    /// <summary>
    /// The cookie outlives its session and changes to the account: an ended session, a disabled account or a changed
    /// password loses access at once, a changed role applies at once.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var open = context.Principal is { } user ? context.HttpContext.RequestServices.GetRequiredService<StaffSessions>().Validate(user) : null;
        if (open is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        if (!context.Principal!.IsInRole(open.Account.Role))
        {
            context.ReplacePrincipal(Principal(open.Account, open.Session.Id));
            context.ShouldRenew = true;
        }
    }

    /// <summary>The same check for the account behind a live circuit, which a cookie check never sees again.</summary>
    public static bool IsStillValid(ClaimsPrincipal user, StaffSessions sessions) =>
        sessions.Validate(user) is { } open && user.IsInRole(open.Account.Role);
}
