using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace StatusHub.Staff;

/// <summary>What the sign-in cookie carries, and the per-request check that it still belongs to an active account.</summary>
public static class StaffSession
{
    private const string StampClaim = "statushub:session";

    public static ClaimsPrincipal Principal(StaffAccount account) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id),
            new Claim(ClaimTypes.Name, account.Email),
            new Claim(ClaimTypes.Role, account.Role),
            new Claim(StampClaim, account.SessionStamp ?? ""),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    public static string? AccountId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>
    /// The cookie outlives changes to the account: a disabled account or a changed password loses access at once, a
    /// changed role applies at once.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.AccountId();
        var account = id is null ? null : context.HttpContext.RequestServices.GetRequiredService<StaffAccountService>().Find(id);
        if (account is null || account.Disabled || !SameSession(context.Principal!, account))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        if (context.Principal!.FindFirstValue(ClaimTypes.Role) != account.Role)
        {
            context.ReplacePrincipal(Principal(account));
            context.ShouldRenew = true;
        }
    }

    /// <summary>The same check for the account behind a live circuit, which a cookie check never sees again.</summary>
    public static bool IsStillValid(ClaimsPrincipal user, StaffAccountService accounts) =>
        user.AccountId() is { } id && accounts.Find(id) is { Disabled: false } account && user.IsInRole(account.Role) && SameSession(user, account);

    private static bool SameSession(ClaimsPrincipal user, StaffAccount account) =>
        (user.FindFirstValue(StampClaim) ?? "") == (account.SessionStamp ?? "");
}
