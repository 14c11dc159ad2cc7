using Microsoft.Extensions.Options;
using StatusHub.StatusPage;

namespace StatusHub.Feeds;

/// <summary>History feeds, the maintenance calendar, badges and the embeddable widget, page-wide and per component.</summary>
public sealed class FeedResources(IOptions<StatusPageOptions> options) : IPublicResourceSource
{
    public const string RssType = "application/rss+xml; charset=utf-8";
    public const string AtomType = "application/atom+xml; charset=utf-8";
    public const string CalendarType = "text/calendar; charset=utf-8";
    public const string SvgType = "image/svg+xml; charset=utf-8";
    public const string ScriptType = "text/javascript; charset=utf-8";

    public IReadOnlyList<PublicResource> Resources { get; } =
    [
        new("/history.rss", RssType, snapshot => HistoryFeed.Rss(snapshot, options.Value, "/history.rss")),
        new("/history.atom", AtomType, snapshot => HistoryFeed.Atom(snapshot, options.Value, "/history.atom")),
        new("/maintenance.ics", CalendarType, snapshot => MaintenanceCalendar.Write(snapshot, options.Value)),
        new("/badge.svg", SvgType, snapshot => StatusBadge.ForPage(snapshot, options.Value)),
        new("/widget.js", ScriptType, _ => WidgetScript.Bytes),
    ];

    public IReadOnlyList<PerComponentResource> PerComponent { get; } =
    [
        new("/components/{id}/history.rss", RssType, (snapshot, scope) => HistoryFeed.Rss(snapshot, options.Value, $"/components/{scope.Id}/history.rss", scope)),
        new("/components/{id}/history.atom", AtomType, (snapshot, scope) => HistoryFeed.Atom(snapshot, options.Value, $"/components/{scope.Id}/history.atom", scope)),
        new("/components/{id}/badge.svg", SvgType, (_, scope) => StatusBadge.ForComponent(scope)),
    ];
}

/// <summary>widget.js, compiled into the assembly: the same bytes for the life of the process.</summary>
internal static class WidgetScript
{
    public static byte[] Bytes { get; } = Read();

    private static byte[] Read()
    {
        using var stream = typeof(WidgetScript).Assembly.GetManifestResourceStream("Feeds/widget.js")
            ?? throw new InvalidOperationException("widget.js is missing from the assembly's resources.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}

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
