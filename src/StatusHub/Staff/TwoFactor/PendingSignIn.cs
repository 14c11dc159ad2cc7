using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace StatusHub.Staff.TwoFactor;

/// <summary>Who got the password right, where they were going, and until when they may type the code.</summary>
public sealed record PendingSignInTicket(string AccountId, string ReturnUrl);

/// <summary>
/// Between the password and the code: a short-lived ticket signed and encrypted with the app's Data Protection keys, in a
/// cookie only the second step's page receives. It opens nothing: no session exists until the code is right.
/// </summary>
public sealed class PendingSignIn(IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "statushub.pending";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly IDataProtector _protector = protection.CreateProtector("StatusHub.Staff.TwoFactor.PendingSignIn");

    public void Issue(HttpContext http, StaffAccount account, string returnUrl)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var ticket = _protector.Protect($"{account.Id}\n{expires.UtcTicks}\n{returnUrl}");
        http.Response.Cookies.Append(CookieName, ticket, Options(http, expires));
    }

    /// <summary>The ticket this browser holds, if any and still valid (checked against the app's clock, not Data Protection's).</summary>
    public PendingSignInTicket? Read(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 and < 4096 } cookie)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(cookie).Split('\n', 3) is [var id, var ticks, var returnUrl]
                && long.TryParse(ticks, out var expires) && expires > time.GetUtcNow().UtcTicks
                ? new PendingSignInTicket(id, StaffEndpoints.LocalUrlOrDefault(returnUrl))
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static void Clear(HttpContext http) => http.Response.Cookies.Delete(CookieName, Options(http, null));

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = SecondFactorEndpoints.VerifyPath,
        Expires = expires,
        IsEssential = true,
    };
}
