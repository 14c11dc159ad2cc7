using Microsoft.AspNetCore.Authentication.Cookies;

namespace StatusHub.Staff;

public static class StaffExtensions
{
    public static IHostApplicationBuilder AddStaff(this IHostApplicationBuilder builder)
    {
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
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.StaffPolicy, policy => policy.RequireRole(StaffRoles.Admin, StaffRoles.Editor))
            .AddPolicy(StaffRoles.AdminPolicy, policy => policy.RequireRole(StaffRoles.Admin));
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }
}
