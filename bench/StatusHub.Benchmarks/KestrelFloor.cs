using System.Security.Cryptography;

namespace StatusHub.Benchmarks;

/// <summary>
/// The least an ASP.NET Core app can do for a page: Kestrel with no middleware, answering GET from a dictionary of the
/// static export's bytes (with the .gz beside each file, as nginx's gzip_static), for bench/load/run.sh's third server.
/// What StatusHub costs beyond it is StatusHub's; what it costs beyond nginx is the server's, on this machine.
/// </summary>
public static class KestrelFloor
{
    public static async Task RunAsync(string site, string url)
    {
        var files = Load(site);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.WebHost.UseUrls(url);
        await using var app = builder.Build();
        app.Run(context =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (!files.TryGetValue(path, out var file))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            var gzip = file.Gzip is not null && context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.Ordinal);
            var response = context.Response;
            response.ContentType = file.ContentType;
            response.Headers.Vary = "Accept-Encoding";
            response.Headers.ETag = file.ETag;
            var body = gzip ? file.Gzip! : file.Body;
            if (gzip)
            {
                response.Headers.ContentEncoding = "gzip";
            }

            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body).AsTask();
        });
        Console.WriteLine($"Kestrel floor: {files.Count} paths from {site} on {url}");
        await app.RunAsync();
    }

    private static Dictionary<string, FloorFile> Load(string site)
    {
        var types = new Dictionary<string, string>
        {
            [".html"] = "text/html; charset=utf-8",
            [".json"] = "application/json; charset=utf-8",
            [".css"] = "text/css; charset=utf-8",
            [".js"] = "text/javascript; charset=utf-8",
            [".svg"] = "image/svg+xml",
        };
        var files = new Dictionary<string, FloorFile>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(site, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".gz", StringComparison.Ordinal)))
        {
            var path = "/" + Path.GetRelativePath(site, file).Replace('\\', '/');
            var body = File.ReadAllBytes(file);
            var gzip = File.Exists(file + ".gz") ? File.ReadAllBytes(file + ".gz") : null;
            var type = types.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
            var entry = new FloorFile(body, gzip, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"");
            files[path] = entry;
            if (path.EndsWith("/index.html", StringComparison.Ordinal))
            {
                files[path[..^"index.html".Length]] = entry;
            }
        }

        return files;
    }

    private sealed record FloorFile(byte[] Body, byte[]? Gzip, string ContentType, string ETag);
}
