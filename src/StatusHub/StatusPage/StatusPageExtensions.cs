using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.StaticExport;

namespace StatusHub.StatusPage;

public static class StatusPageExtensions
{
    public static IHostApplicationBuilder AddStatusPage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StatusPageOptions>()
            .Bind(builder.Configuration.GetSection(StatusPageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Letters of every language are written as themselves ("Störung", not "St&#xF6;rung"); markup characters are still encoded.
        builder.Services.Configure<WebEncoderOptions>(encoders => encoders.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddSingleton(services => Localization.PublicText.For(services.GetRequiredService<IOptions<StatusPageOptions>>().Value.Language));
        builder.Services.AddSingleton<IPageAddress>(services => services.GetRequiredService<IOptions<StatusPageOptions>>().Value);
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<StatusPageOptions>>().Value.Calendar);
        builder.Services.AddSingleton<StatusSnapshotService>();
        builder.Services.AddSingleton<PublicPageRenderer>();
        builder.Services.AddSingleton<StatusPageMetrics>();
        builder.Services.AddSingleton<EarlyPublicAnswers>();
        builder.Services.AddSingleton<PublicResources>();
        builder.Services.AddHostedService<StatusSnapshotRefresher>();
        builder.Services.AddSingleton<IExportSource, StatusPageExportSource>();
        builder.Services.AddSingleton<IExportSource, PublicResourcesExportSource>();
        return builder;
    }

    /// <summary>Answers public pages and files already served once from the cache, right here in the pipeline (<see cref="EarlyPublicAnswers"/>).</summary>
    public static IApplicationBuilder UseEarlyPublicAnswers(this IApplicationBuilder app)
    {
        var answers = app.ApplicationServices.GetRequiredService<EarlyPublicAnswers>();
        return app.Use(next => http => answers.TryAnswer(http) ?? next(http));
    }

    /// <summary>The public pages, and the small JSON document open pages poll to learn that something changed.</summary>
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder endpoints)
    {
        var routes = endpoints.MapPublicGroup();
        routes.MapMethods("/", ["GET", "HEAD"], StatusPageEndpoints.HomeAsync);
        routes.MapMethods("/incidents/{id}", ["GET", "HEAD"], StatusPageEndpoints.IncidentAsync);
        routes.MapMethods("/maintenance/{id}", ["GET", "HEAD"], StatusPageEndpoints.MaintenanceAsync);
        routes.MapMethods("/history", ["GET", "HEAD"], StatusPageEndpoints.HistoryAsync);
        routes.MapMethods("/not-found", ["GET", "HEAD"], (HttpContext http, PublicPageRenderer pages) => pages.WriteNotFoundAsync(http));
        routes.Map("/error", StatusPageEndpoints.ErrorAsync);
        routes.MapGet("/status/live.json", StatusPageEndpoints.Live);
        return endpoints;
    }
}
