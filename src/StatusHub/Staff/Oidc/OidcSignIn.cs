using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace StatusHub.Staff.Oidc;

/// <summary>
/// Sign-in through the company's OpenID Connect provider (authorization code flow with PKCE). The provider only vouches
/// for the person: the callback turns its id_token into the same server-side staff session a password opens, through
/// the same sign-in, so nothing else in the app knows how someone signed in.
/// </summary>
public static class OidcSignIn
{
    public const string Scheme = "oidc";
    public const string CallbackPath = "/account/oidc/callback";
    public const string SignedInPath = "/account/oidc/signed-in";
    public const string RefusedPath = "/account/oidc/refused";

    /// <summary>Added to the login page's address when the provider's round trip broke off (cancelled, expired, an error answer).</summary>
    public const string FailedQuery = "SingleSignOn=failed";

    private static readonly TimeSpan BackchannelTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How soon a provider that could not be read is asked again (the handler's default waits five minutes).</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Registers the scheme when <c>Staff:Oidc:Authority</c> is set and the settings hold together; otherwise only
    /// what tells the login page and the log why single sign-on is off.
    /// </summary>
    public static IHostApplicationBuilder AddStaffOidc(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        var setup = new OidcSetup(options, options.IsConfigured ? options.Problem() : null);
        builder.Services.AddSingleton(setup);
        builder.Services.AddSingleton<SingleSignOn>();
        builder.Services.AddSingleton<ExternalStaffAccounts>();
        if (!options.IsConfigured)
        {
            return builder;
        }

        builder.Services.AddHostedService<SingleSignOnStartCheck>();
        if (setup.Problem is not null)
        {
            return builder;
        }

        builder.Services.AddAuthentication().AddOpenIdConnect(Scheme, options.DisplayName, oidc =>
        {
            var authority = new Uri(options.Authority!);
            oidc.Authority = options.Authority;
            oidc.RequireHttpsMetadata = !OidcOptions.IsLoopback(authority);
            oidc.ClientId = options.ClientId;
            oidc.ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back on a top-level GET, so the correlation and nonce cookies can be SameSite=Lax.
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.UsePkce = true;
            oidc.Scope.Clear();
            foreach (var scope in options.EffectiveScopes)
            {
                oidc.Scope.Add(scope);
            }

            oidc.MapInboundClaims = false;
            oidc.GetClaimsFromUserInfoEndpoint = false;
            oidc.SaveTokens = false;
            oidc.DisableTelemetry = true;
            oidc.BackchannelTimeout = BackchannelTimeout;
            oidc.RefreshInterval = RetryAfterFailure;
            oidc.CallbackPath = CallbackPath;
            oidc.SignedOutCallbackPath = "/account/oidc/signed-out";
            oidc.RemoteSignOutPath = "/account/oidc/remote-sign-out";
            oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            foreach (var cookie in (CookieBuilder[])[oidc.CorrelationCookie, oidc.NonceCookie])
            {
                cookie.SameSite = SameSiteMode.Lax;
                // As the sign-in cookie: Secure behind https (or X-Forwarded-Proto: https), usable on a loopback test over http.
                cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }

            oidc.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = TokenValidatedAsync,
                OnRemoteFailure = RemoteFailureAsync,
            };
        });
        return builder;
    }

    /// <summary>The provider's answer to "Sign in with …": where the browser goes once the callback has signed it in.</summary>
    public static AuthenticationProperties Challenge(string returnUrl) =>
        new() { RedirectUri = $"{SignedInPath}?ReturnUrl={Uri.EscapeDataString(returnUrl)}" };

    private static async Task TokenValidatedAsync(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        var result = http.RequestServices.GetRequiredService<ExternalStaffAccounts>().SignIn(context.Principal!, StaffEndpoints.ClientAddress(http));
        if (result.Account is { } account)
        {
            await StaffEndpoints.StartSessionAsync(http, http.RequestServices.GetRequiredService<StaffSessions>(), account);
        }

        // The session is signed in above, exactly as a password opens one; the handler's own sign-in is not wanted.
        context.Response.Redirect(result.Refusal is { } refusal ? $"{RefusedPath}?Reason={refusal}" : context.Properties?.RedirectUri ?? SignedInPath);
        context.HandleResponse();
    }

    private static Task RemoteFailureAsync(RemoteFailureContext context)
    {
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn))
            .LogWarning("A sign-in through the identity provider did not complete: {Reason}", context.Failure?.Message);
        context.Response.Redirect($"/account/login?{FailedQuery}");
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
