using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.Tests.Support;

/// <summary>
/// A real LiteDB file in a temp folder and the app's services over it (<see cref="AppServices"/>, no channel configured,
/// nothing started), on a clock the test moves.
/// </summary>
public sealed class TestStore : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder? _folder;
    private readonly WebApplication _app;

    /// <param name="dataDirectory">An existing folder to keep the file in (and leave behind), instead of a fresh temp folder.</param>
    /// <param name="start">Where the clock starts, when the file is shared with a process on the real clock.</param>
    /// <param name="settings">Configuration over appsettings.json, as <c>Section:Key</c> pairs.</param>
    public TestStore(string? dataDirectory = null, DateTimeOffset? start = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Time = new FakeTimeProvider(start ?? Start);
        if (dataDirectory is null)
        {
            _folder = new TempFolder();
            dataDirectory = _folder.Path;
        }

        DataDirectory = dataDirectory;
        _app = AppServices.Build(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Storage:DataDirectory"] = dataDirectory }, Time);
        Store = Get<LiteStore>();
    }

    public FakeTimeProvider Time { get; }
    public string DataDirectory { get; }
    public LiteStore Store { get; }
    public ComponentService Components => Get<ComponentService>();
    public IncidentService Incidents => Get<IncidentService>();
    public MaintenanceService Maintenance => Get<MaintenanceService>();

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    /// <summary>The app's services over this store, for an operator command run in this process.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>One of the app's services over this store.</summary>
    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public StatusSnapshotService Snapshots() => new(Store, Time, Get<PageCalendar>());

    public StatusComponent Component(string name = "API", string? groupId = null) =>
        Components.Create(new ComponentDraft(name, null, groupId), "tester@example.com");

    public void Dispose()
    {
        ((IDisposable)_app).Dispose();
        _folder?.Dispose();
    }
}
