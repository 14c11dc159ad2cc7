using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Storage;

namespace StatusHub.Tests.Backups;

/// <summary>A file that is not a whole backup this build can run is refused, and the database in place stays as it was.</summary>
public sealed class RestoreRefusalTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly TempFolder _files = new();
    private readonly string _database;

    public RestoreRefusalTests()
    {
        using (var store = new TestStore(_data.Path))
        {
            store.Component("API");
        }

        _database = Path.Combine(_data.Path, "statushub.db");
    }

    public void Dispose()
    {
        _data.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task AMissingFileIsRefused() =>
        await AssertRefusedAsync(_files.File("nowhere.bak"), "there is no file");

    [Fact]
    public async Task AFolderIsRefusedAsNoBackupFile() =>
        await AssertRefusedAsync(_files.Path, "is a folder; name a backup file in it");

    [Fact]
    public async Task AFileThatIsNotALiteDbDatabaseIsRefused()
    {
        var file = _files.File("notes.bak");
        await File.WriteAllTextAsync(file, string.Concat(Enumerable.Repeat("these are not the pages you are looking for ", 2_000))[..16_384], TestContext.Current.CancellationToken);

        await AssertRefusedAsync(file, "cannot be read as a StatusHub database");
    }

    [Fact]
    public async Task AShortFileIsRefused()
    {
        var file = _files.File("short.bak");
        await File.WriteAllTextAsync(file, "hello", TestContext.Current.CancellationToken);

        await AssertRefusedAsync(file, "not a whole StatusHub database");
    }

    [Fact]
    public async Task ABackupFromANewerSchemaIsRefused()
    {
        var file = await BackupAsync();
        using (var db = new LiteDatabase(new ConnectionString { Filename = file, Connection = ConnectionType.Direct }))
        {
            db.UserVersion = Migrator.LatestVersion(SchemaMigrations.All) + 1;
        }

        await AssertRefusedAsync(file, $"newer than this build knows ({Migrator.LatestVersion(SchemaMigrations.All)})");
    }

    [Fact]
    public async Task ATruncatedBackupIsRefused()
    {
        var file = await BackupAsync();
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 2 + 100)], TestContext.Current.CancellationToken);

        await AssertRefusedAsync(file, "not a whole StatusHub database");
    }

    [Fact]
    public async Task ABackupCutAtAPageBoundaryIsRefused()
    {
        var file = await BackupAsync();
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(file, bytes[..8192], TestContext.Current.CancellationToken);

        await AssertRefusedAsync(file, "cannot be read as a StatusHub database");
    }

    [Fact]
    public async Task EveryCutOfALargerBackupAtAPageBoundaryIsRefusedInWholeSentences()
    {
        using (var store = new TestStore(_data.Path))
        {
            for (var i = 0; i < 300; i++)
            {
                store.Component($"Service {i} " + new string('x', 80));
            }
        }

        var file = await BackupAsync();
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        using var stopped = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path });
        for (var cut = 8192; cut < bytes.Length; cut += 8192)
        {
            await File.WriteAllBytesAsync(file, bytes[..cut], TestContext.Current.CancellationToken);

            var (exit, _, error) = await BackupCommand.RunAsync(stopped.Services, "restore", file);

            Assert.True(exit == 2, $"cut at {cut}: {error}");
            Assert.DoesNotContain("{0}", error);
        }
    }

    [Fact]
    public async Task ABackupWithADataPageOverwrittenIsRefused()
    {
        using (var store = new TestStore(_data.Path))
        {
            store.Component("Marked for damage");
        }

        var file = await BackupAsync();
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        const int page = 8192;
        var marked = bytes.AsSpan().IndexOf("Marked for damage"u8) / page * page;
        // The page's header and its slot table at the end stay; the documents between them become garbage.
        bytes.AsSpan(marked + 32, page - 32 - 200).Fill(0xAB);
        await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);

        await AssertRefusedAsync(file, "is damaged: a document in 'status_component' has no id.");
    }

    [Fact]
    public void LiteDbsUnfilledPlaceholderIsLeftOutOfTheRefusal()
    {
        var refusal = StatusHub.Backups.BackupFile.Unreadable("cut.bak", new LiteException(0, "Page type must be data page: {0}"));

        Assert.Equal("cut.bak cannot be read as a StatusHub database: Page type must be data page", refusal.Message);
    }

    [Fact]
    public async Task RestoreIsRefusedWhileTheAppHasTheDataFolderOpen()
    {
        var file = await BackupAsync();
        using var running = new TestStore(_data.Path);
        var before = Directory.GetFiles(_data.Path).Order().ToList();

        var (exit, _, error) = await BackupCommand.RunAsync(running.Services, "restore", file);

        Assert.Equal(2, exit);
        Assert.Contains("restore runs only with the app stopped", error);
        Assert.Equal(before, Directory.GetFiles(_data.Path).Order().ToList());
    }

    [Fact]
    public async Task AGoodBackupReplacesTheDatabaseAndKeepsTheReplacedOneBesideIt()
    {
        var file = await BackupAsync();
        using (var store = new TestStore(_data.Path))
        {
            store.Component("Added after the backup");
        }

        using (var stopped = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path }))
        {
            var (exit, output, error) = await BackupCommand.RunAsync(stopped.Services, "restore", file);

            Assert.True(exit == 0, error);
            Assert.Contains("The replaced database was kept as", output);
        }

        var kept = Assert.Single(Directory.GetFiles(_data.Path, "statushub.db.replaced-*.bak"));
        using (var store = new TestStore(_data.Path))
        {
            Assert.Equal(["API"], store.Components.All().Select(c => c.Name));
        }

        using var old = new LiteDatabase(new ConnectionString { Filename = kept, Connection = ConnectionType.Direct, ReadOnly = true });
        Assert.Equal(2, old.GetCollection("status_component").Count());
    }

    [Fact]
    public async Task ABackupTakenInReadOnlyModeIsRestoredAuditedAndSaysTheSwitchIsStillOn()
    {
        string file;
        using (var store = new TestStore(_data.Path))
        {
            store.Services.GetRequiredService<ReadOnlyMode>().SwitchOn("admin@example.com", "restoring last night's copy");
            file = _files.File("read-only.bak");
            var (backedUp, _, backupError) = await BackupCommand.RunAsync(store.Services, "backup", file);
            Assert.True(backedUp == 0, backupError);
        }

        using var stopped = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path });
        var (exit, output, error) = await BackupCommand.RunAsync(stopped.Services, "restore", file);

        Assert.True(exit == 0, error);
        Assert.Contains("The restored database is read-only (switched on by admin@example.com", output);
        Assert.Contains(stopped.Services.GetRequiredService<LiteStore>().Collection<StatusHub.Audit.AuditEntry>().FindAll(), e => e.Action == "backup.restored" && e.Actor.Contains("ops"));
    }

    private async Task<string> BackupAsync()
    {
        var file = _files.File($"{Guid.NewGuid():n}.bak");
        using var store = new TestStore(_data.Path);
        var (exit, _, error) = await BackupCommand.RunAsync(store.Services, "backup", file);
        Assert.True(exit == 0, error);
        return file;
    }

    private async Task AssertRefusedAsync(string file, string why)
    {
        var before = await File.ReadAllBytesAsync(_database, TestContext.Current.CancellationToken);
        using (var stopped = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path }))
        {
            var (exit, output, error) = await BackupCommand.RunAsync(stopped.Services, "restore", file);

            Assert.Equal(2, exit);
            Assert.StartsWith("Nothing was restored:", error);
            Assert.Contains(why, error);
            Assert.Contains(file, error);
            Assert.DoesNotContain(".restoring", error);
            Assert.Empty(output);
        }

        Assert.Equal(before, await File.ReadAllBytesAsync(_database, TestContext.Current.CancellationToken));
        Assert.Equal(["statushub.db", "statushub.lock"], Directory.GetFiles(_data.Path).Select(Path.GetFileName).Order());
    }
}
