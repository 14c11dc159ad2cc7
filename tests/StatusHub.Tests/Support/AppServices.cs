using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatusHub.Tests.Support;

/// <summary>
/// The app's services exactly as <see cref="DependencyInjection.AddStatusHub"/> registers them, from the repository's
/// content root, with the caller's settings on top (data folder, loopback peers) and the caller's clock. Built, not
/// started: a hosted service (the dispatcher, the scheduler) runs only where a rig starts it. Linked into the benchmarks.
/// </summary>
public static class AppServices
{
    /// <param name="settings">Configuration as <c>Section:Key</c> pairs, over appsettings.json; include <c>Storage:DataDirectory</c>.</param>
    /// <param name="time">The clock every service reads; the system clock when null.</param>
    /// <param name="services">Registrations after the app's (a later one wins), for what a rig shares with another container.</param>
    public static WebApplication Build(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = RepositoryRoot.Path,
            // A watcher per container on appsettings.json would run into the system's inotify limit over a test run.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddStatusHub();
        services?.Invoke(builder.Services);
        return builder.Build();
    }
}
