using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Postmortems.Pages;
using StatusHub.Staff;
using StatusHub.StatusPage;
using StatusHub.StatusPage.Pages;

namespace StatusHub.Postmortems;

public static class PostmortemsExtensions
{
    public static IHostApplicationBuilder AddPostmortems(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PostmortemsOptions>().Bind(builder.Configuration.GetSection(PostmortemsOptions.Section));
        // One switch for texting post-mortems: it decides whether the SMS channel carries the event, so the preview
        // staff see and what is sent agree, whatever Sms:Events lists.
        builder.Services.AddOptions<SmsOptions>().PostConfigure<IOptions<PostmortemsOptions>>((sms, postmortems) =>
        {
            var wire = NotificationEvent.PostmortemPublished.ToWire();
            var events = sms.EffectiveEvents.Where(e => !string.Equals(e, wire, StringComparison.OrdinalIgnoreCase)).ToList();
            if (postmortems.Value.NotifySms)
            {
                events.Add(wire);
            }

            sms.Events = events;
        });
        builder.Services.AddSingleton<PostmortemSkeletons>();
        builder.Services.AddSingleton<PostmortemService>();
        builder.Services.AddSingleton<CustomerLetters>();
        builder.Services.AddSingleton<StaticExport.IExportSource, PostmortemsExportSource>();
        return builder;
    }

    /// <summary>The public post-mortem pages (snapshot-rendered, cached, no circuit) and their short link.</summary>
    public static IEndpointRouteBuilder MapPostmortems(this IEndpointRouteBuilder endpoints)
    {
        var routes = endpoints.MapPublicGroup();
        routes.MapMethods("/postmortems", ["GET", "HEAD"], async (HttpContext http, PublicPageRenderer pages, IOptions<StatusPageOptions> options) =>
            await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<PostmortemsPage>("/postmortems", $"Post-mortems · {options.Value.Name} status")));

        routes.MapMethods("/postmortems/{id}", ["GET", "HEAD"], async (string id, HttpContext http, PublicPageRenderer pages, StatusSnapshotService snapshots, IOptions<StatusPageOptions> options) =>
        {
            if (!snapshots.Current.PostmortemsByIncident.TryGetValue(id, out var postmortem))
            {
                await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<NotFoundPage>("/not-found", "Page not found"), StatusCodes.Status404NotFound);
                return;
            }

            await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<PostmortemPage>(
                $"/postmortems/{id}", $"{postmortem.Title} · {options.Value.Name} status", new Dictionary<string, object?> { [nameof(PostmortemPage.Postmortem)] = postmortem }));
        });

        routes.MapMethods("/postmortems/{id}.md", ["GET", "HEAD"], async (string id, HttpContext http, StatusSnapshotService snapshots, PublicPageRenderer pages, IOptions<StatusPageOptions> options) =>
        {
            if (!snapshots.Current.PostmortemsByIncident.TryGetValue(id, out var postmortem))
            {
                await PublicPageRenderer.WriteAsync(http, await pages.RenderAsync<NotFoundPage>("/not-found", "Page not found"), StatusCodes.Status404NotFound);
                return;
            }

            await WriteMarkdownAsync(http, PostmortemMarkdown.Write(postmortem, PageUrl(http, options.Value)), $"postmortem-{id}.md", isPublic: true);
        });

        endpoints.MapGet("/admin/postmortems/{id}/export.md", async (string id, HttpContext http, PostmortemService postmortems, IOptions<StatusPageOptions> options) =>
        {
            if (postmortems.Find(id) is not { } postmortem)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await WriteMarkdownAsync(http, postmortems.InternalMarkdown(postmortem, PageUrl(http, options.Value)), $"postmortem-{id}-internal.md", isPublic: false);
        }).RequireAuthorization(StaffRoles.StaffPolicy);

        routes.MapGet("/p/{id}", (string id) => Results.Redirect($"/postmortems/{Uri.EscapeDataString(id)}"));
        return endpoints;
    }

    /// <summary>Links in a downloaded file must be absolute: the configured public URL, or else the host the request came to.</summary>
    private static string PageUrl(HttpContext http, StatusPageOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicUrl) ? $"{http.Request.Scheme}://{http.Request.Host}" : options.PublicUrl;

    /// <summary>A download: cached like the public pages when public (with an ETag), never cached when it holds internal notes.</summary>
    private static async Task WriteMarkdownAsync(HttpContext http, string markdown, string fileName, bool isPublic)
    {
        var bytes = Encoding.UTF8.GetBytes(markdown);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        if (isPublic)
        {
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"";
            http.Response.Headers.CacheControl = "public, max-age=10";
            http.Response.Headers.ETag = etag;
            if (http.Request.Headers.IfNoneMatch == etag)
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        else
        {
            http.Response.Headers.CacheControl = "no-store";
        }

        http.Response.ContentType = "text/markdown; charset=utf-8";
        http.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(bytes);
        }
    }
}
