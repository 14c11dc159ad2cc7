using Microsoft.AspNetCore.Routing.Template;
using StatusHub.Channels;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Text;

namespace StatusHub.ManageApi;

/// <summary>
/// Paths of the management API that lead nowhere answer in its own format: an id of a shape StatusHub never hands
/// out is not found before any lookup, and a path or method no endpoint serves is a 404 or 405 problem, not the HTML page.
/// </summary>
public static class ManageRoutes
{
    public static void RefuseMalformedId(HttpContext http)
    {
        if (http.GetRouteValue("id") is not string id || (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is not { } pattern)
        {
            return;
        }

        var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var collection = Array.IndexOf(segments, "{id}") is > 0 and var at ? segments[at - 1] : "";
        var wellFormed = collection == "subscribers" ? IsSubscriberId(id) : Ids.IsWellFormed(id);
        if (!wellFormed)
        {
            throw new NotFoundException($"There is no {collection.TrimEnd('s')} with id '{Ellipsis.Shorten(id, 40)}'.");
        }
    }

    /// <summary>The catch-all under the API's prefix: 405 naming the methods when some endpoint serves the path, else 404.</summary>
    public static IResult NoSuchEndpoint(HttpContext http, EndpointDataSource endpoints)
    {
        var path = http.Request.Path.Value ?? "";
        var allowed = MethodsServing(endpoints, ManageEndpoints.Prefix, path);
        if (allowed.Count == 0)
        {
            throw new NotFoundException($"There is no endpoint at {Ellipsis.Shorten(path, 40)}; the OpenAPI document at /openapi/v1.json lists them.");
        }

        http.Response.Headers.Allow = string.Join(", ", allowed);
        return ApiProblems.Result(StatusCodes.Status405MethodNotAllowed, $"{http.Request.Method} is not served at {Ellipsis.Shorten(path, 40)}; use {string.Join(" or ", allowed)}.");
    }

    /// <summary>The methods some endpoint under <paramref name="prefix"/> serves <paramref name="path"/> with (catch-alls left out).</summary>
    public static IReadOnlyList<string> MethodsServing(EndpointDataSource endpoints, string prefix, string path) =>
        endpoints.Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(prefix, StringComparison.Ordinal) == true && e.RoutePattern.Parameters.All(p => !p.IsCatchAll))
            .Where(e => new TemplateMatcher(new RouteTemplate(e.RoutePattern), []).TryMatch(path, []))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static bool IsSubscriberId(string id) =>
        id.Length <= Subscriber.MaxAddressLength && id.IndexOf(':') is > 0 and var colon && ChannelNames.All.Contains(id[..colon], StringComparer.Ordinal) &&
        !id.Any(char.IsControl);
}
