using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace StatusHub.EndToEnd.Support;

/// <summary>The real app on a real Kestrel socket (127.0.0.1, free port) with a fresh data folder.</summary>
public sealed class LiveApp : WebApplicationFactory<Program>
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "statushub-e2e", Guid.NewGuid().ToString("n"));
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">Configuration on top of the defaults, as <c>Section:Key</c> pairs.</param>
    public LiveApp(IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
    }

    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(RepositoryRoot.Path);
        builder.UseSetting("Storage:DataDirectory", _data);
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
