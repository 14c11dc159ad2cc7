using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StatusHub.Upstream;

public static class UpstreamExtensions
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static IHostApplicationBuilder AddUpstream(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(UpstreamFetcher.HttpClientName, client =>
        {
            client.Timeout = RequestTimeout;
            client.MaxResponseContentBufferSize = UpstreamFetcher.MaxResponseBytes;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("StatusHub-upstream/1");
        });
        builder.Services.AddSingleton<UpstreamFetcher>();
        builder.Services.AddSingleton<UpstreamService>();
        builder.Services.AddSingleton<UpstreamPoller>();
        builder.Services.AddHostedService(services => services.GetRequiredService<UpstreamPoller>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IUpstreamChangeListener, LoggingUpstreamChangeListener>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IUpstreamChangeListener, UpstreamDrafts>());
        return builder;
    }
}
