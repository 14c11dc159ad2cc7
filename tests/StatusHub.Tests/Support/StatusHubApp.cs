using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace StatusHub.Tests.Support;

/// <summary>The real app on the test server: top-level content root, a fresh data folder, a clock the test moves.</summary>
public sealed class StatusHubApp : WebApplicationFactory<Program>
{
    private readonly TempFolder _data = new();

    public StatusHubApp() => Clock = new WatchedClock(Time);

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The clock the app reads: <see cref="Time"/>, watched so a test can tell when work it started waits on it.</summary>
    public WatchedClock Clock { get; }

    public string DataDirectory => _data.Path;

    /// <summary>Configuration as <c>Section:Key</c> pairs over appsettings.json; set before the first client or service.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>When set before the first client or service, collects every formatted log message of the app.</summary>
    public LogCollector? Logs { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(RepositoryRoot.Path);
        builder.UseSetting("Storage:DataDirectory", _data.Path);
        // Tests sharing one factory sign in more often than a person would; the rate limit has its own tests.
        builder.UseSetting("Staff:SignInAttemptsPerWindow", "10000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            if (Logs is not null)
            {
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _data.Dispose();
    }
}
