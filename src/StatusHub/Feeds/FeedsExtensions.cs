using StatusHub.StatusPage;

namespace StatusHub.Feeds;

public static class FeedsExtensions
{
    public static IHostApplicationBuilder AddFeeds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FeedResources>();
        builder.Services.AddSingleton<IPublicResourceSource>(services => services.GetRequiredService<FeedResources>());
        return builder;
    }

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPublicResources(endpoints.ServiceProvider.GetRequiredService<FeedResources>());
}
