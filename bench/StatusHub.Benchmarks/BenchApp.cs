using StatusHub.Incidents;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>
/// The app's services (<see cref="AppServices"/>, as the app registers them) over a fresh data folder under the temp
/// directory, configured by the rig's settings and deleted on dispose. Nothing runs until a rig starts it.
/// </summary>
public sealed class BenchApp : IAsyncDisposable
{
    public const string PublicUrl = "https://status.example.com";

    private readonly WebApplication _app;
    private readonly bool _ownsFolder;

    /// <param name="settings">Configuration as <c>Section:Key</c> pairs: the channels under test and their loopback peers.</param>
    /// <param name="folder">A data folder to seed and keep (for the app run as a process afterwards); a fresh one, deleted on dispose, when null.</param>
    public BenchApp(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null, string? folder = null)
    {
        _ownsFolder = folder is null;
        Folder = folder ?? Path.Combine(Path.GetTempPath(), "statushub-bench", Guid.NewGuid().ToString("n"));
        var configuration = new Dictionary<string, string?> { ["Storage:DataDirectory"] = Folder, ["StatusPage:Name"] = "Acme", ["StatusPage:PublicUrl"] = PublicUrl };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        _app = AppServices.Build(configuration, services: services);
    }

    public string Folder { get; }

    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Opens an incident as staff would; returns once it is published and committed.</summary>
    public Incident Publish(params string[] componentIds) =>
        Get<IncidentService>().Open(new NewIncident("Checkout is down", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Payments fail."), componentIds), "bench");

    /// <summary>Adds a list under <paramref name="key"/> (<c>Sms:Recipients</c>) to <paramref name="settings"/>, one key per item.</summary>
    public static void AddList(Dictionary<string, string?> settings, string key, IEnumerable<string> items)
    {
        var i = 0;
        foreach (var item in items)
        {
            settings[FormattableString.Invariant($"{key}:{i++}")] = item;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        if (!_ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
