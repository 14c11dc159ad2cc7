using StatusHub.StatusPage;

namespace StatusHub.PublicApi;

public static class PublicApiExtensions
{
    public static IHostApplicationBuilder AddPublicApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StatuspageV2Resources>();
        builder.Services.AddSingleton<IPublicResourceSource>(services => services.GetRequiredService<StatuspageV2Resources>());
        return builder;
    }

    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPublicResources(endpoints.ServiceProvider.GetRequiredService<StatuspageV2Resources>());
}
