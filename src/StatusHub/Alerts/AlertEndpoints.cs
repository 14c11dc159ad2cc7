using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StatusHub.Storage;

namespace StatusHub.Alerts;

/// <summary>
/// POST /api/alerts/alertmanager, /api/alerts/grafana, /api/alerts/generic: authenticated by the bearer token or the HMAC
/// signature of the body (compared in constant time), else 401 and nothing stored; a body over the limit is 413, a
/// malformed one 400 naming the problem.
/// </summary>
public static class AlertEndpoints
{
    public static readonly string[] Receivers = ["alertmanager", "grafana", "generic"];

    public static IEndpointRouteBuilder MapAlertReceivers(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/alerts/{receiver}", ReceiveAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(string receiver, HttpContext context, AlertIntake intake, IOptionsMonitor<AlertsOptions> options, ILogger<AlertIntake> logger)
    {
        if (!Receivers.Contains(receiver, StringComparer.Ordinal))
        {
            return Results.NotFound();
        }

        var settings = options.CurrentValue;
        var body = await ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {settings.MaxBodyBytes} bytes (Alerts:MaxBodyBytes).");
        }

        if (!Authenticated(context.Request, body, settings))
        {
            logger.LogWarning("Refused an alert on /api/alerts/{Receiver} from {Address}: no valid token or signature", receiver, context.Connection.RemoteIpAddress);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(StatusCodes.Status401Unauthorized, string.IsNullOrEmpty(settings.Token) && string.IsNullOrEmpty(settings.HmacSecret)
                ? "The alert receivers are off: set Alerts:Token or Alerts:HmacSecret."
                : "A valid bearer token or HMAC-SHA256 signature is required.");
        }

        try
        {
            var received = intake.Receive(receiver, AlertPayloads.Read(receiver, body));
            return Results.Ok(new { received = received.Count, outcomes = received.Select(r => new { fingerprint = r.Fingerprint, outcome = r.Outcome }) });
        }
        catch (ValidationException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, ex.Message);
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool Authenticated(HttpRequest request, byte[] body, AlertsOptions settings)
    {
        if (!string.IsNullOrEmpty(settings.Token) && request.Headers.Authorization.ToString() is { } authorization &&
            authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) &&
            FixedTimeEquals(authorization["Bearer ".Length..].Trim(), settings.Token))
        {
            return true;
        }

        if (string.IsNullOrEmpty(settings.HmacSecret))
        {
            return false;
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.HmacSecret), body));
        return settings.SignatureHeaders.Any(header =>
            request.Headers[header].ToString() is { Length: > 0 } given &&
            FixedTimeEquals((given.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? given[7..] : given).Trim().ToLowerInvariant(), expected));
    }

    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}
