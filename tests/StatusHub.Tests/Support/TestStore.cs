using Microsoft.Extensions.Time.Testing;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.Tests.Support;

/// <summary>A real LiteDB file in a temp folder with the domain services over it and a clock the test moves.</summary>
public sealed class TestStore : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder? _folder;

    /// <param name="dataDirectory">An existing folder to keep the file in (and leave behind), instead of a fresh temp folder.</param>
    /// <param name="start">Where the clock starts, when the file is shared with a process on the real clock.</param>
    public TestStore(string? dataDirectory = null, DateTimeOffset? start = null)
    {
        Time = new FakeTimeProvider(start ?? Start);
        if (dataDirectory is null)
        {
            _folder = new TempFolder();
            dataDirectory = _folder.Path;
        }

        var path = Path.Combine(dataDirectory, "statushub.db");
        Migrator.Migrate(path, SchemaMigrations.All, Time);
        Store = new LiteStore(path);
        Components = new ComponentService(Store, Time);
        Incidents = new IncidentService(Store, Time);
        Maintenance = new MaintenanceService(Store, Time);
    }

    public FakeTimeProvider Time { get; }
    public LiteStore Store { get; }
    public ComponentService Components { get; }
    public IncidentService Incidents { get; }
    public MaintenanceService Maintenance { get; }

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    public StatusSnapshotService Snapshots() => new(Store, Time);

    public StatusComponent Component(string name = "API", string? groupId = null) =>
        Components.Create(new ComponentDraft(name, null, groupId), "tester@example.com");

    public void Dispose()
    {
        Store.Dispose();
        _folder?.Dispose();
    }
}
