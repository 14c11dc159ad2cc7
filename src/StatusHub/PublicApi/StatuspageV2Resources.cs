using Microsoft.Extensions.Options;
using StatusHub.StatusPage;

namespace StatusHub.PublicApi;

/// <summary>Statuspage's public v2 JSON files, each made from the snapshot.</summary>
public sealed class StatuspageV2Resources(IOptions<StatusPageOptions> options) : IPublicResourceSource
{
    public const string ContentType = "application/json; charset=utf-8";

    public IReadOnlyList<PublicResource> Resources { get; } = List(options);

    public IReadOnlyList<PerComponentResource> PerComponent => [];

    private static PublicResource[] List(IOptions<StatusPageOptions> options)
    {
        return
        [
            Json("/api/v2/summary.json", v2 => v2.Summary()),
            Json("/api/v2/status.json", v2 => v2.PageStatus()),
            Json("/api/v2/components.json", v2 => v2.ComponentList()),
            Json("/api/v2/incidents.json", v2 => v2.RecentIncidents()),
            Json("/api/v2/incidents/unresolved.json", v2 => v2.UnresolvedIncidents()),
            Json("/api/v2/scheduled-maintenances.json", v2 => v2.RecentMaintenances()),
            Json("/api/v2/scheduled-maintenances/upcoming.json", v2 => v2.UpcomingMaintenances()),
            Json("/api/v2/scheduled-maintenances/active.json", v2 => v2.ActiveMaintenances()),
        ];

        PublicResource Json<T>(string path, Func<StatuspageV2, T> document) =>
            new(path, ContentType, snapshot => StatuspageV2.ToJson(document(new StatuspageV2(snapshot, options.Value))));
    }
}
