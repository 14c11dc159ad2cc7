using System.Globalization;
using Microsoft.Extensions.Options;
using StatusHub.Audit;
using StatusHub.Storage;

namespace StatusHub.Backups;

/// <summary>
/// <c>backup &lt;file&gt;</c>: a consistent copy of the database, from the running app (through the control socket) or,
/// with the app stopped, from the data folder directly. <c>restore &lt;file&gt;</c>: puts a backup in place of the
/// database, only with the app stopped, and only after the file is judged whole (<see cref="BackupFile"/>).
/// </summary>
public static class BackupCommands
{
    public const int Refused = 2;

    private const string BackupUsage = """
        Usage:
          backup <file>     write a consistent copy of the database to <file> (a new file); the app may keep running
        Add --Storage:DataDirectory <folder> to back up another data folder than the app's default.
        """;

    private const string RestoreUsage = """
        Usage:
          restore <file>    replace the database with the backup <file>; the app must be stopped
        The replaced database is kept beside it. Add --Storage:DataDirectory <folder> to restore into another data folder.
        """;

    public const string AppRunning = "restore runs only with the app stopped: the running app holds the data folder {0}. Stop it, run restore again, then start it.";

    public static int Backup(IServiceProvider services, string[] args, Terminal terminal)
    {
        if (args is not [var file] || file.StartsWith("--", StringComparison.Ordinal))
        {
            terminal.Error.WriteLine(BackupUsage);
            return Refused;
        }

        var target = terminal.FullPath(file);
        try
        {
            var contents = services.GetRequiredService<BackupService>().Write(target, Actor(terminal));
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Backed up the database to {target} ({new FileInfo(target).Length:N0} bytes; {contents.Summary})."));
            return 0;
        }
        catch (BackupRefusedException ex)
        {
            terminal.Error.WriteLine($"Nothing was backed up: {ex.Message}");
            return Refused;
        }
        catch (Exception ex) when (ex is MigrationFailedException or DataFolderInUseException)
        {
            terminal.Error.WriteLine($"Cannot open the database: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            terminal.Error.WriteLine($"The backup failed, nothing was written to {target}: {ex.Message}");
            return 1;
        }
    }

    public static int Restore(IServiceProvider services, string[] args, Terminal terminal)
    {
        if (args is not [var file] || file.StartsWith("--", StringComparison.Ordinal))
        {
            terminal.Error.WriteLine(RestoreUsage);
            return Refused;
        }

        var source = terminal.FullPath(file);
        if (Directory.Exists(source))
        {
            terminal.Error.WriteLine($"Nothing was restored: {source} is a folder; name a backup file in it.");
            return Refused;
        }

        var folder = services.GetRequiredService<DataFolder>();
        if (folder.IsOpen)
        {
            terminal.Error.WriteLine($"Nothing was restored: {string.Format(CultureInfo.InvariantCulture, AppRunning, folder.Path)}");
            return Refused;
        }

        try
        {
            folder.Take();
        }
        catch (DataFolderInUseException)
        {
            terminal.Error.WriteLine($"Nothing was restored: {string.Format(CultureInfo.InvariantCulture, AppRunning, folder.Path)}");
            return Refused;
        }

        var database = Path.Combine(folder.Path, services.GetRequiredService<IOptions<StorageOptions>>().Value.DatabaseFileName);
        var incoming = $"{database}.restoring";
        BackupContents contents;
        string? kept;
        try
        {
            // Judged as the copy that will be put in place, so what was checked is what is used.
            File.Copy(source, incoming, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                // The copy keeps the backup's mode, which a sync tool or an earlier cp may have opened to everyone.
                File.SetUnixFileMode(incoming, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            contents = BackupFile.Check(incoming, source);
            kept = KeepReplaced(database, services.GetRequiredService<TimeProvider>());
            File.Move(incoming, database);
        }
        catch (Exception ex) when (ex is BackupRefusedException or FileNotFoundException or DirectoryNotFoundException)
        {
            File.Delete(incoming);
            terminal.Error.WriteLine($"Nothing was restored: {(ex is BackupRefusedException ? ex.Message : $"there is no file {source}.")}");
            return Refused;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(incoming);
            terminal.Error.WriteLine($"Nothing was restored: {ex.Message}");
            return 1;
        }

        terminal.Out.WriteLine($"Restored {source} ({contents.Summary}) as {database}.");
        terminal.Out.WriteLine(kept is null ? "There was no database to replace." : $"The replaced database was kept as {kept}.");
        try
        {
            var store = services.GetRequiredService<LiteStore>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            store.Write(
                scope => scope.Audit(now, Actor(terminal), "backup.restored", $"backup:{Path.GetFileName(source)}", $"{source} ({contents.Summary}) replaced {kept ?? "nothing"}"),
                allowedWhileReadOnly: SystemWrite.Backup);
            if (store.ReadOnly is { ByStartFlag: false } readOnly)
            {
                // A backup taken around a restore is usually taken read-only: the switch is in the copy too.
                terminal.Out.WriteLine($"The restored database is read-only (switched on by {readOnly.By} at {readOnly.Since:yyyy-MM-dd HH:mm} UTC): switch it off on the Read-only page once the data is checked.");
            }
        }
        catch (MigrationFailedException ex)
        {
            terminal.Error.WriteLine($"The backup is in place but could not be brought to this build's schema: {ex.Message}");
            return 1;
        }

        return 0;
    }

    /// <summary>Moves the database (and LiteDB's log beside it, which belongs to it) aside under a timestamped name; null when there is none.</summary>
    private static string? KeepReplaced(string database, TimeProvider time)
    {
        if (!File.Exists(database))
        {
            return null;
        }

        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var kept = $"{database}.replaced-{stamp}.bak";
        if (File.Exists(LogOf(database)))
        {
            File.Move(LogOf(database), LogOf(kept));
        }

        File.Move(database, kept);
        return kept;
    }

    /// <summary>LiteDB's log file for a database file: "statushub-log.db" beside "statushub.db".</summary>
    private static string LogOf(string database) =>
        Path.Combine(Path.GetDirectoryName(database) ?? "", $"{Path.GetFileNameWithoutExtension(database)}-log{Path.GetExtension(database)}");

    private static string Actor(Terminal terminal) => $"command line ({terminal.User ?? Environment.UserName})";
}
