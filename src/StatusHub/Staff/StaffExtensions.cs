using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using StatusHub.Audit;
using StatusHub.Staff.Oidc;
using StatusHub.Staff.TwoFactor;

namespace StatusHub.Staff;

public static class StaffExtensions
{
    /// <summary>Rate-limiting policy for the forms that take a password or a setup token.</summary>
    public const string SignInRateLimit = "sign-in";

    public static IHostApplicationBuilder AddStaff(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StaffOptions>()
            .Bind(builder.Configuration.GetSection(StaffOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SignInBackOff>();
        builder.Services.AddSingleton<StaffSessions>();
        builder.Services.AddSingleton<StaffAccountService>();
        builder.Services.AddSingleton<FirstAdminSetup>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<Telegram.TelegramStaff>();
        builder.Services.AddSingleton<Telegram.TelegramCallbacks>();
        builder.Services.AddSingleton<Telegram.TelegramLinkCodes>();
        builder.Services.AddSingleton<Telegram.TelegramLinkAttempts>();
        builder.Services.AddSingleton<Subscribers.Telegram.ITelegramUpdateHandler, Telegram.TelegramAccountLinking>();
        builder.Services.AddHostedService<SetupLinkAnnouncer>();
        builder.AddSecondFactor();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/account/login";
                options.LogoutPath = "/account/logout";
                options.AccessDeniedPath = "/account/denied";
                options.Cookie.Name = "statushub.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = StaffSessions.IdleTimeout;
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = StaffSession.ValidateAsync;
                options.Events.OnRedirectToAccessDenied = TwoFactor.SecondFactorRequirement.RedirectToAccessDeniedAsync;
            });
        builder.AddStaffOidc();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.StaffPolicy, policy => policy.RequireRole(StaffRoles.Admin, StaffRoles.Editor).AddRequirements(new TwoFactor.SecondFactorRequirement()))
            .AddPolicy(StaffRoles.AdminPolicy, policy => policy.RequireRole(StaffRoles.Admin).AddRequirements(new TwoFactor.SecondFactorRequirement()))
            .AddPolicy(TwoFactor.SecondFactorRequirement.EnrolPolicy, policy => policy.RequireRole(StaffRoles.Admin, StaffRoles.Editor));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, StaffAuthenticationStateProvider>();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, cancellationToken) => StaffEndpoints.WriteTooManyAttemptsAsync(context, cancellationToken);
            options.AddPolicy(SignInRateLimit, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<StaffOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    SignInBackOff.ClientKey(http.Connection.RemoteIpAddress),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.SignInAttemptsPerWindow, Window = limits.SignInWindow, QueueLimit = 0 });
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder endpoints) => StaffEndpoints.Map(endpoints);
}
