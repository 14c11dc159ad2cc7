using OpenTelemetry.Metrics;

namespace StatusHub.Operations;

public static class OperationsExtensions
{
    /// <summary>Every meter named <c>StatusHub.*</c> (one per feature, each defined beside its feature) and ASP.NET Core's own.</summary>
    public const string Meters = "StatusHub.*";

    /// <summary>
    /// What an operator's tools read: readiness, and the metrics of every <c>StatusHub.*</c> meter plus the HTTP server's,
    /// collected by OpenTelemetry for the Prometheus scrape.
    /// </summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        // HttpClient's request logs name the address, and the Telegram Bot API carries the bot token in its path: no
        // client logs its requests, at any level, in any format.
        builder.Services.ConfigureHttpClientDefaults(client => client.RemoveAllLoggers());
        var metrics = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(new MetricsAccess(metrics.Networks(), metrics.Token));
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddOpenTelemetry().WithMetrics(meters => meters
            .AddMeter(Meters)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return builder;
    }

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", HealthEndpoints.Alive);
        endpoints.MapGet("/readyz", HealthEndpoints.Ready);

        if (endpoints.ServiceProvider.GetRequiredService<MetricsOptions>().Enabled)
        {
            var access = endpoints.ServiceProvider.GetRequiredService<MetricsAccess>();
            endpoints.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: pipeline => pipeline.Use(access.InvokeAsync), optionsName: null);
        }

        return endpoints;
    }
}
