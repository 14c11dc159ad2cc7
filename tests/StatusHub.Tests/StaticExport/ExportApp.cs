using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.StaticExport;

namespace StatusHub.Tests.StaticExport;

/// <summary>
/// The real app with <c>Export:Directory</c> set, every hosted service removed but the export refresher (started by
/// the test), on a fake clock the test moves and watches: <see cref="WatchedClock.ArmedTimers"/> tells when the
/// refresher is waiting for time to pass.
/// </summary>
public sealed class ExportApp : IAsyncDisposable
{
    public const string Debounce = "00:00:02";

    private readonly StatusHubApp _factory = new();
    private readonly TempFolder _out = new();

    public ExportApp(Dictionary<string, string>? settings = null)
    {
        Clock = new WatchedClock(_factory.Time);
        App = _factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Export:Directory", Site);
            builder.UseSetting("Export:Debounce", Debounce);
            foreach (var (key, value) in settings ?? [])
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IHostedService>();
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            });
        });
    }

    public WatchedClock Clock { get; }

    public WebApplicationFactory<Program> App { get; }

    public string Out => _out.Path;

    public string Site => Path.Combine(_out.Path, "site");

    public ExportHealth Health => App.Services.GetRequiredService<ExportHealth>();

    /// <summary>The copy the link points at now, by name (<c>site.gen-2</c>); null before the first export.</summary>
    public string? Generation => new DirectoryInfo(Site).LinkTarget;

    public async Task StartAsync() => await App.Services.GetRequiredService<ExportRefresher>().StartAsync(TestContext.Current.CancellationToken);

    public Incident Open(string title) =>
        App.Services.GetRequiredService<IncidentService>().Open(new NewIncident(title, IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "oncall@example.com");

    public ChannelHealth HealthRow() => App.Services.GetRequiredService<ChannelHealthService>().All().Single(h => h.Channel == ExportHealth.Name);

    /// <summary>Waits (wall clock, bounded) for something the refresher does on its own threads.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until the export's parent folder holds exactly <paramref name="names"/> (clean-up runs just after the swap).</summary>
    public async Task UntilListedAsync(params string[] names)
    {
        string[] Listing() => [.. Directory.GetFileSystemEntries(Out).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal)];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Listing().SequenceEqual(names) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(names, Listing());
    }

    /// <summary>Moves the fake clock once the refresher is waiting on it.</summary>
    public async Task AdvanceAsync(TimeSpan by, int armedTimers = 1)
    {
        await UntilAsync(() => Clock.ArmedTimers >= armedTimers, $"{armedTimers} timer(s) are armed");
        _factory.Time.Advance(by);
    }

    public async ValueTask DisposeAsync()
    {
        await App.Services.GetRequiredService<ExportRefresher>().StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await _factory.DisposeAsync();
        _out.Dispose();
    }
}
