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
        new("/widget.js", ScriptType, _ => WidgetScript.For(options.Value.Words)),
    ];

    public IReadOnlyList<PerComponentResource> PerComponent { get; } =
    [
        new("/components/{id}/history.rss", RssType, (snapshot, scope) => HistoryFeed.Rss(snapshot, options.Value, $"/components/{scope.Id}/history.rss", scope)),
        new("/components/{id}/history.atom", AtomType, (snapshot, scope) => HistoryFeed.Atom(snapshot, options.Value, $"/components/{scope.Id}/history.atom", scope)),
        new("/components/{id}/badge.svg", SvgType, (_, scope) => StatusBadge.ForComponent(scope, options.Value.Words)),
    ];
}
