using StatusHub.Hosting;

namespace StatusHub.StatusPage;

public static class PublicResourceEndpoints
{
    private static readonly string[] Reads = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// For the public pages and files: the same bytes for every reader, so they run as soon as routing picks them.
    /// Authentication, authorization, antiforgery and rate limiting come after routing and have nothing to decide for
    /// them, yet would cost the busiest requests of the app their time. The security headers still come: their
    /// middleware runs before routing; these answers get the policy of read-only public pages.
    /// </summary>
    public static RouteGroupBuilder MapPublicGroup(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("");
        group.ShortCircuit();
        group.WithMetadata(new EarlyPublicAnswers.Replayable());
        group.WithSecurityHeadersPolicy(SecurityHeaders.PublicPolicy);
        return group;
    }

    /// <summary>
    /// GET and HEAD from the snapshot cache with ETag, Last-Modified and 304s, open to every origin: these files are
    /// public, and a widget or dashboard on someone else's site reads them from the browser.
    /// </summary>
    public static IEndpointRouteBuilder MapPublicResources(this IEndpointRouteBuilder endpoints, IPublicResourceSource source)
    {
        var files = endpoints.MapPublicGroup();
        foreach (var resource in source.Resources)
        {
            files.MapMethods(resource.Path, Reads, (HttpContext http, PublicPageRenderer renderer) => WriteAsync(http, renderer, resource));
            files.MapMethods(resource.Path, [HttpMethods.Options], AllowPreflight);
        }

        foreach (var family in source.PerComponent)
        {
            files.MapMethods(family.Template, Reads, (string id, HttpContext http, PublicPageRenderer renderer, StatusSnapshotService snapshots) =>
            {
                if (ComponentScope.Find(snapshots.Current, id) is not { } scope)
                {
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return WriteAsync(http, renderer, family.For(scope));
            });
            files.MapMethods(family.Template, [HttpMethods.Options], AllowPreflight);
        }

        return endpoints;
    }

    private static Task WriteAsync(HttpContext http, PublicPageRenderer renderer, PublicResource resource)
    {
        AllowAnyOrigin(http.Response);
        return PublicPageRenderer.WriteAsync(http, renderer.Render(resource.Path, resource.ContentType, resource.Render));
    }

    /// <summary>A script that revalidates with If-None-Match itself sends a header outside CORS's safe list, so the browser asks first.</summary>
    private static IResult AllowPreflight(HttpContext http)
    {
        AllowAnyOrigin(http.Response);
        http.Response.Headers.AccessControlAllowMethods = "GET, HEAD";
        http.Response.Headers.AccessControlAllowHeaders = "If-None-Match, If-Modified-Since";
        http.Response.Headers.AccessControlMaxAge = "86400";
        return Results.NoContent();
    }

    /// <summary>Sent whether or not the request has an Origin: a cache in front must not keep a copy without it.</summary>
    private static void AllowAnyOrigin(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "ETag";
    }
}
