using System.Globalization;
using StatusHub.Audit;
using StatusHub.Storage;

namespace StatusHub.Backups;

/// <summary>The newest backup written by this data folder's app or commands (one document, <see cref="Id"/> "last").</summary>
public sealed record BackupRecord
{
    public const string LastId = "last";

    public string Id { get; init; } = LastId;
    public required string Path { get; init; }
    public DateTime At { get; init; }
    public long Bytes { get; init; }
    public required string Actor { get; init; }
}

/// <summary>
/// Writes backups of the live database (<see cref="LiteStore.CopyTo"/>): to a temporary name beside the target, checked
/// (<see cref="BackupFile"/>), then renamed, so a backup that exists under its name is whole. Each one is audited and
/// remembered as the last backup.
/// </summary>
public sealed class BackupService(LiteStore store, TimeProvider time)
{
    public BackupContents Write(string path, string actor)
    {
        var target = System.IO.Path.GetFullPath(path);
        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new BackupRefusedException($"{target} already exists: a backup never replaces a file; choose a new name.");
        }

        if (System.IO.Path.GetDirectoryName(target) is not { } folder || !Directory.Exists(folder))
        {
            throw new BackupRefusedException($"The folder of {target} does not exist.");
        }

        var partial = $"{target}.partial-{Ids.New()}";
        BackupContents contents;
        try
        {
            store.CopyTo(partial);
            contents = BackupFile.Check(partial, target);
            File.Move(partial, target);
        }
        finally
        {
            File.Delete(partial);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var bytes = new FileInfo(target).Length;
        store.Write(
            scope =>
            {
                scope.Audit(now, actor, "backup.written", $"backup:{System.IO.Path.GetFileName(target)}",
                    string.Create(CultureInfo.InvariantCulture, $"{target}: {bytes:N0} bytes, {contents.Summary}"));
                scope.Collection<BackupRecord>().Upsert(new BackupRecord { Path = target, At = now, Bytes = bytes, Actor = actor });
            },
            affectsStatusPage: false,
            allowedWhileReadOnly: SystemWrite.Backup);
        return contents;
    }

    public BackupRecord? Last() => store.Collection<BackupRecord>().FindById(BackupRecord.LastId);
}
