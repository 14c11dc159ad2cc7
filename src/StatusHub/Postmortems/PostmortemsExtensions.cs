using StatusHub.Staff;
using StatusHub.StatusPage;

namespace StatusHub.Postmortems;

public static class PostmortemsExtensions
{
    public static IHostApplicationBuilder AddPostmortems(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PostmortemsOptions>().Bind(builder.Configuration.GetSection(PostmortemsOptions.Section));
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
        routes.MapMethods("/postmortems", ["GET", "HEAD"], PostmortemsEndpoints.ListAsync);
        routes.MapMethods("/postmortems/{id}", ["GET", "HEAD"], PostmortemsEndpoints.PageAsync);
        routes.MapMethods("/postmortems/{id}.md", ["GET", "HEAD"], PostmortemsEndpoints.PublicMarkdownAsync);
        endpoints.MapGet("/admin/postmortems/{id}/export.md", PostmortemsEndpoints.InternalMarkdownAsync).RequireAuthorization(StaffRoles.StaffPolicy);
        routes.MapGet("/p/{id}", (string id) => Results.Redirect($"/postmortems/{Uri.EscapeDataString(id)}"));
        return endpoints;
    }
}
