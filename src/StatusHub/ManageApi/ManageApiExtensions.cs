using Microsoft.AspNetCore.Authentication;

namespace StatusHub.ManageApi;

public static class ManageApiExtensions
{
    public const string ReadPolicy = "manage-api-read";
    public const string WritePolicy = "manage-api-write";

    public static IHostApplicationBuilder AddManageApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiKeyService>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, configureOptions: null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthentication.ScopeClaim, "read", "write"))
            .AddPolicy(WritePolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthentication.ScopeClaim, "write"));
        return builder;
    }
}
