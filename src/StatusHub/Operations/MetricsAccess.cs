using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace StatusHub.Operations;

/// <summary>
/// The gate in front of the Prometheus exporter: an allowed address or the bearer token, or a plain 403 (401 with
/// <c>WWW-Authenticate: Bearer</c> when a token would let the client in). Never a sign-in redirect: a scraper cannot sign in.
/// The address is the one <c>UseForwardedHeaders</c> settled on, so a request through a trusted proxy counts as its client's.
/// </summary>
public sealed class MetricsAccess(IReadOnlyList<IPNetwork> allowed, string? token)
{
    private readonly byte[]? _tokenHash = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var presented = Bearer(context.Request);
        if (presented is not null ? TokenMatches(presented) : IsAllowed(context.Connection.RemoteIpAddress))
        {
            await next();
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (_tokenHash is not null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsync("The metrics need a valid bearer token (Metrics:Token).\n");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.Response.WriteAsync("The metrics are not served to this address (Metrics:AllowedNetworks).\n");
    }

    private bool IsAllowed(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return allowed.Any(network => network.Contains(normalized));
    }

    private bool TokenMatches(string presented) =>
        _tokenHash is not null && CryptographicOperations.FixedTimeEquals(_tokenHash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
