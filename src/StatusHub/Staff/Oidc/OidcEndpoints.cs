namespace StatusHub.Staff.Oidc;

/// <summary>"Sign in with …": posted from the login page like the local form (antiforgery token, rate limit).</summary>
public static class OidcEndpoints
{
    internal static async Task<IResult> StartAsync(HttpContext http, SingleSignOn singleSignOn)
    {
        var returnUrl = StaffEndpoints.LocalUrlOrDefault((await http.Request.ReadFormAsync())["ReturnUrl"]);
        var state = await singleSignOn.CheckAsync(http.RequestAborted);
        return state switch
        {
            SingleSignOnState.Off => Results.NotFound(),
            SingleSignOnState.Available => Results.Challenge(OidcSignIn.Challenge(returnUrl), [OidcSignIn.Scheme]),
            // The login page says why, beside the local form.
            _ => Results.Redirect($"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}"),
        };
    }
}
