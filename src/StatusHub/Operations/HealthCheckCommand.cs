namespace StatusHub.Operations;

/// <summary>
/// <c>StatusHub healthcheck [--url http://127.0.0.1:8080/healthz]</c>: asks a running app whether it is alive and exits 0
/// (it answered 200) or 1, for a container's HEALTHCHECK on an image that has neither curl nor wget. It runs before the
/// host is built: no configuration, no store, nothing to start.
/// </summary>
public static class HealthCheckCommand
{
    public const string Name = "healthcheck";

    public static bool Matches(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        var url = args.SkipWhile(a => a != "--url").Skip(1).FirstOrDefault() ?? DefaultUrl();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await error.WriteLineAsync($"{url} answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
        {
            await error.WriteLineAsync($"{url} did not answer: {ex.Message}");
        }

        return 1;
    }

    /// <summary>The first port of <c>ASPNETCORE_HTTP_PORTS</c> (the ASP.NET images set 8080), on loopback.</summary>
    private static string DefaultUrl()
    {
        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS");
        var port = string.IsNullOrWhiteSpace(ports) ? "8080" : ports.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        return $"http://127.0.0.1:{port}/healthz";
    }
}
