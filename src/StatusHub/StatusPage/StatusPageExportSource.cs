using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StatusHub.StaticExport;
using StatusHub.StatusPage.Pages;

namespace StatusHub.StatusPage;

/// <summary>
/// The status page's share of the static copy: the front page, every incident and maintenance page, every history
/// page, the assets they load and the <c>live.json</c> their script polls, so an open copy picks up the next export.
/// Pages are laid out as folders (<c>incidents/abc/index.html</c>) so that links already sent out
/// (<c>/incidents/abc</c>, and the short <c>/i/abc</c> of a text message) still resolve on a host that serves a folder's index.html.
/// </summary>
public sealed class StatusPageExportSource(PublicPageRenderer pages, IOptions<StatusPageOptions> options, IWebHostEnvironment environment) : IExportSource
{
    /// <summary>What <see cref="PublicDocument"/> loads; the rest of wwwroot is the staff area's.</summary>
    public static readonly IReadOnlyList<string> Assets = ["favicon.svg", "css/site.css", "js/status.js"];

    public async IAsyncEnumerable<ExportFile> FilesAsync(ExportContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var snapshot = context.Snapshot;
        var page = options.Value;
        yield return await PageAsync<Home>(context, "/", "index.html", page.PageTitle());
        foreach (var incident in snapshot.Incidents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var incidentPage = await PageAsync<IncidentPage>(context, $"/incidents/{incident.Id}", $"incidents/{incident.Id}/index.html", page.PageTitle(incident.Title),
                new() { [nameof(IncidentPage.Incident)] = incident });
            yield return incidentPage;
            yield return ShortLink(incidentPage, $"/i/{incident.Id}");
        }

        foreach (var maintenance in snapshot.Maintenances)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var maintenancePage = await PageAsync<MaintenancePage>(context, $"/maintenance/{maintenance.Id}", $"maintenance/{maintenance.Id}/index.html", page.PageTitle(maintenance.Title),
                new() { [nameof(MaintenancePage.Maintenance)] = maintenance });
            yield return maintenancePage;
            yield return ShortLink(maintenancePage, $"/m/{maintenance.Id}");
        }

        for (var number = 1; number <= snapshot.HistoryPages; number++)
        {
            var (url, path) = number == 1 ? ("/history", "history/index.html") : ($"/history?page={number}", $"history/{number}/index.html");
            yield return await PageAsync<HistoryPage>(context, url, path, page.PageTitle(page.Words["Nav.History"]), new() { [nameof(HistoryPage.Page)] = number });
        }

        // Static hosts (S3 and GCS websites, Netlify, GitHub and Cloudflare Pages) answer a missing address with the
        // site's 404.html.
        yield return (await PageAsync<NotFoundPage>(context, "/not-found", "404.html", page.PageTitle(page.Words["NotFound.Heading"]))) with { FromSiteRoot = true };
        yield return new ExportFile("status/live.json", JsonSerializer.SerializeToUtf8Bytes(StatusPageEndpoints.LiveDocument(snapshot), JsonSerializerOptions.Web));
        foreach (var asset in Assets)
        {
            var file = environment.WebRootFileProvider.GetFileInfo(asset);
            if (!file.Exists)
            {
                throw new FileNotFoundException($"The public page loads {asset}, but it is not in the web root ({environment.WebRootPath}).", asset);
            }

            await using var stream = file.CreateReadStream();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            yield return new ExportFile(asset, copy.ToArray());
        }
    }

    /// <summary>
    /// The short link texts and webhooks carry (<c>/i/abc</c>, <c>/m/abc</c>; the live app redirects it, see
    /// <c>ChannelsExtensions.MapChannels</c>) as the page itself, so a text sent out during an outage still leads to the
    /// page when only this copy answers at the page's address. Its links are made relative to where it lies.
    /// </summary>
    private static ExportFile ShortLink(ExportFile page, string shortUrl) => page with { Path = shortUrl.TrimStart('/') + "/index.html", Url = shortUrl };

    private async Task<ExportFile> PageAsync<TPage>(ExportContext context, string url, string path, string title, Dictionary<string, object?>? parameters = null)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        new(path, System.Text.Encoding.UTF8.GetBytes(await pages.RenderHtmlAsync<TPage>(context.Snapshot, title, parameters, context.GeneratedAt)), url);
}
