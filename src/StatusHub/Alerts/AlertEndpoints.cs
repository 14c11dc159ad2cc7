using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StatusHub.ManageApi;
using StatusHub.Channels.Webhooks;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Alerts;

/// <summary>
/// POST /api/alerts/alertmanager, /api/alerts/grafana, /api/alerts/generic: authenticated by the bearer token or the HMAC
/// signature of the body (compared in constant time; with a timestamp, of "timestamp:body" and only while the timestamp
/// is recent), else 401 and nothing stored; a body over the limit is 413, a malformed one 400 naming the problem.
/// </summary>
public static class AlertEndpoints
{
    public static readonly string[] Receivers = ["alertmanager", "grafana", "generic"];

    public static IEndpointRouteBuilder MapAlertReceivers(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/alerts/{receiver}", ReceiveAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(string receiver, HttpContext context, AlertIntake intake, IOptionsMonitor<AlertsOptions> options, TimeProvider time, ILogger<AlertIntake> logger)
    {
        if (!Receivers.Contains(receiver, StringComparer.Ordinal))
        {
            return Problem(StatusCodes.Status404NotFound, $"There is no alert receiver \"{Ellipsis.Shorten(receiver, 40)}\": use /api/alerts/{string.Join(", /api/alerts/", Receivers)}.");
        }

        var settings = options.CurrentValue;
        var body = await ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {settings.MaxBodyBytes} bytes (Alerts:MaxBodyBytes).");
        }

        if (Refusal(context.Request, body, settings, time.GetUtcNow()) is { } refusal)
        {
            logger.LogWarning("Refused an alert on /api/alerts/{Receiver} from {Address}: {Refusal}", receiver, context.Connection.RemoteIpAddress, refusal);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(StatusCodes.Status401Unauthorized, refusal);
        }

        AlertBatch batch;
        try
        {
            batch = AlertPayloads.Read(receiver, body);
        }
        catch (ValidationException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, ex.Message);
        }

        if (batch.Alerts.Count == 0 && batch.Refused.Count > 0)
        {
            return Problem(StatusCodes.Status400BadRequest, string.Join(" ", batch.Refused.Select(r => r.Reason)));
        }

        // Some alerts of the group were refused: the others are taken (a 4xx would lose them, Alertmanager does not retry
        // it); the refused ones are in the answer and on the Alerts page.
        var received = intake.Receive(receiver, batch);
        return Results.Ok(new
        {
            received = batch.Alerts.Count,
            refused = batch.Refused.Count,
            outcomes = received.Select(r => new { fingerprint = r.Fingerprint is { Length: > 0 } f ? f : null, outcome = r.Outcome, rule = r.Rule }),
        });
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

    /// <summary>Why the request is not let in, or null when its bearer token or signature is good.</summary>
    private static string? Refusal(HttpRequest request, byte[] body, AlertsOptions settings, DateTimeOffset now)
    {
        if (!string.IsNullOrEmpty(settings.Token) && request.Headers.Authorization.ToString() is { } authorization &&
            authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) &&
            SecretText.Same(authorization["Bearer ".Length..].Trim(), settings.Token))
        {
            return null;
        }

        if (string.IsNullOrEmpty(settings.HmacSecret))
        {
            return string.IsNullOrEmpty(settings.Token)
                ? "The alert receivers are off: set Alerts:Token or Alerts:HmacSecret."
                : "A valid bearer token or HMAC-SHA256 signature is required.";
        }

        var signed = body;
        if (settings.TimestampHeaders.Select(header => request.Headers[header].ToString()).FirstOrDefault(value => value.Length > 0) is { } timestamp)
        {
            if (!TimestampedHmac.TryReadUnixSeconds(timestamp, out _))
            {
                return "The signature's timestamp must be Unix seconds.";
            }

            if (!TimestampedHmac.IsFresh(timestamp, now, settings.MaxSignatureAge))
            {
                return $"The signature's timestamp is more than {settings.MaxSignatureAge.TotalMinutes:0} minutes from now: a replayed or delayed request is refused.";
            }

            // Grafana's HMAC signs the timestamp, a colon and the body.
            signed = [.. Encoding.UTF8.GetBytes(timestamp + ":"), .. body];
        }

        return settings.SignatureHeaders.Any(header =>
            request.Headers[header].ToString() is { Length: > 0 } given &&
            TimestampedHmac.Matches(settings.HmacSecret, signed, given.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? given[7..] : given))
            ? null
            : "A valid bearer token or HMAC-SHA256 signature is required.";
    }

    private static IResult Problem(int status, string detail) => ApiProblems.Result(status, detail);
}
