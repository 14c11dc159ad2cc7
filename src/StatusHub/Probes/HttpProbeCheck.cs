using System.Net.Security;
using System.Text.Json.Nodes;

namespace StatusHub.Probes;

/// <summary>
/// Asks the address as a browser or API client would and checks the status, the body (text or a JSON value), the time
/// to the whole answer and, over https, the server's certificate (<see cref="CertificateCheck"/>) and how soon it expires. Redirects are not followed: the
/// expected status says what is right.
/// </summary>
public sealed class HttpProbeCheck(TimeProvider time) : IProbeCheck
{
    private const int MaxBodyBytes = 1 << 20;

    public ProbeKind Kind => ProbeKind.Http;

    public async Task<ProbeCheckResult> CheckAsync(Probe probe, CancellationToken cancellationToken)
    {
        var http = probe.Http!;
        var certificate = new CertificateCheck(http.PinnedCertificateSha256, time.GetUtcNow().UtcDateTime);
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = certificate.Validate },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(new HttpMethod(http.Method), http.Url);
        request.Headers.UserAgent.ParseAdd("StatusHub-Probe/1");
        var started = time.GetTimestamp();
        HttpResponseMessage answer;
        try
        {
            answer = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException) when (certificate.Refusal is { } refusal)
        {
            return ProbeCheckResult.Failed(time.GetElapsedTime(started), refusal);
        }

        using var response = answer;
        var body = await ReadBodyAsync(response, cancellationToken);
        var latency = time.GetElapsedTime(started);

        if ((int)response.StatusCode != http.ExpectedStatus)
        {
            return ProbeCheckResult.Failed(latency, $"Answered {(int)response.StatusCode}, expected {http.ExpectedStatus}.");
        }

        if (http.BodyContains is { } text && !body.Contains(text, StringComparison.Ordinal))
        {
            return ProbeCheckResult.Failed(latency, $"The body does not contain \"{Text.Ellipsis.Shorten(text, 60)}\".");
        }

        if (http.JsonPath is { } path && JsonValue(body, path) is var found && found != http.JsonValue)
        {
            return ProbeCheckResult.Failed(latency, $"{path} is {(found is null ? "missing" : $"\"{Text.Ellipsis.Shorten(found, 60)}\"")}, expected \"{Text.Ellipsis.Shorten(http.JsonValue!, 60)}\".");
        }

        if (certificate.Expires is { } expires && expires - time.GetUtcNow().UtcDateTime < TimeSpan.FromDays(http.CertificateWarningDays))
        {
            return ProbeCheckResult.Warning(latency, $"The TLS certificate expires {expires:yyyy-MM-dd HH:mm} UTC, within {http.CertificateWarningDays} days.");
        }

        return latency > TimeSpan.FromMilliseconds(http.LatencyWarningMilliseconds)
            ? ProbeCheckResult.Warning(latency, $"Slow: {latency.TotalMilliseconds:0} ms, more than {http.LatencyWarningMilliseconds} ms.")
            : ProbeCheckResult.Ok(latency);
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>The value at a dotted path (names, or indexes into arrays) as text; null when the body is not JSON or the path leads nowhere.</summary>
    private static string? JsonValue(string body, string path)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        foreach (var part in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
        }

        return node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
