using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using StatusHub.StatusPage.Pages;

namespace StatusHub.StatusPage;

/// <summary>What the public pages' routes answer, each rendered from the snapshot and served from the page cache, and the live document.</summary>
internal static class StatusPageEndpoints
{
    public static async Task HomeAsync(HttpContext http, PublicPageRenderer pages, IOptions<StatusPageOptions> options) =>
        await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<Home>("/", options.Value.PageTitle()));

    public static async Task IncidentAsync(string id, HttpContext http, PublicPageRenderer pages, StatusSnapshotService snapshots, IOptions<StatusPageOptions> options)
    {
        if (!snapshots.Current.IncidentsById.TryGetValue(id, out var incident))
        {
            await pages.WriteNotFoundAsync(http);
            return;
        }

        await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<IncidentPage>(
            $"/incidents/{id}", options.Value.PageTitle(incident.Title), new Dictionary<string, object?> { [nameof(IncidentPage.Incident)] = incident }));
    }

    public static async Task MaintenanceAsync(string id, HttpContext http, PublicPageRenderer pages, StatusSnapshotService snapshots, IOptions<StatusPageOptions> options)
    {
        if (!snapshots.Current.MaintenancesById.TryGetValue(id, out var maintenance))
        {
            await pages.WriteNotFoundAsync(http);
            return;
        }

        await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<MaintenancePage>(
            $"/maintenance/{id}", options.Value.PageTitle(maintenance.Title), new Dictionary<string, object?> { [nameof(MaintenancePage.Maintenance)] = maintenance }));
    }

    public static async Task HistoryAsync(HttpContext http, PublicPageRenderer pages, StatusSnapshotService snapshots, IOptions<StatusPageOptions> options)
    {
        if (!TryParsePage(http.Request.Query["page"], out var page))
        {
            await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<BadRequestPage>("/history?page=invalid", options.Value.PageTitle(options.Value.Words["BadRequest.Title"])), StatusCodes.Status400BadRequest);
            return;
        }

        // Every page past the end looks the same, so they share one cache entry: the cache stays bounded by the real page count.
        var last = Math.Max(1, snapshots.Current.HistoryPages);
        page = Math.Min(page, last + 1);
        await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<HistoryPage>(
            $"/history?page={page}", options.Value.PageTitle(options.Value.Words["Nav.History"]), new Dictionary<string, object?> { [nameof(HistoryPage.Page)] = page }),
            page > last ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    public static async Task ErrorAsync(HttpContext http, PublicPageRenderer pages, IOptions<StatusPageOptions> options) =>
        await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<ErrorPage>("/error", options.Value.PageTitle(options.Value.Words["Error.Heading"])), StatusCodes.Status500InternalServerError);

    public static IResult Live(HttpContext http, StatusSnapshotService snapshots)
    {
        var snapshot = snapshots.Current;
        http.Response.Headers.CacheControl = "no-cache";
        var etag = $"\"{snapshot.ContentVersion}\"";
        http.Response.Headers.ETag = etag;
        if (PublicPageRenderer.IfNoneMatchNames(http.Request, etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Json(LiveDocument(snapshot));
    }

    /// <summary>What <c>/status/live.json</c> answers (and the static export writes): enough for an open page to see that it is stale.</summary>
    public static object LiveDocument(StatusSnapshot snapshot) => new
    {
        version = snapshot.ContentVersion,
        updated_at = snapshot.UpdatedAt,
        status = new { indicator = snapshot.Overall.Indicator.ToWire(), description = snapshot.Overall.Description },
    };

    /// <summary>Absent means page 1; digits only otherwise, and a number too large for an int is simply far past the end.</summary>
    internal static bool TryParsePage(StringValues values, out int page)
    {
        page = 1;
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1 || values[0] is not { Length: > 0 } text || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        page = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : int.MaxValue;
        return page >= 1;
    }
}
