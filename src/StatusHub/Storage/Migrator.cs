using LiteDB;

namespace StatusHub.Storage;

/// <summary>One step of the schema; <see cref="Version"/> numbers are consecutive from 1.</summary>
public sealed record Migration(int Version, string Description, Action<LiteDatabase> Apply);

public sealed class MigrationFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Brings a database file to the newest schema version, kept in LiteDB's <c>UserVersion</c> pragma.
/// Pending migrations run on a copy of the file; the original is replaced only when they all succeed,
/// and a timestamped backup of the original is kept beside it first.
/// </summary>
public static class Migrator
{
    public static int LatestVersion(IReadOnlyList<Migration> migrations) => migrations.Count == 0 ? 0 : migrations.Max(m => m.Version);

    /// <returns>The backup written, or null when nothing was pending.</returns>
    public static string? Migrate(string databasePath, IReadOnlyList<Migration> migrations, TimeProvider time, Action<string>? log = null)
    {
        var latest = LatestVersion(migrations);
        if (!File.Exists(databasePath))
        {
            using var fresh = Open(databasePath);
            foreach (var migration in migrations.OrderBy(m => m.Version))
            {
                migration.Apply(fresh);
            }

            fresh.UserVersion = latest;
            return null;
        }

        int current;
        using (var db = Open(databasePath))
        {
            current = db.UserVersion;
        }

        if (current > latest)
        {
            throw new InvalidOperationException(
                $"The database {databasePath} is at schema version {current}, newer than this build knows ({latest}). Run a newer StatusHub or restore a backup.");
        }

        var pending = migrations.Where(m => m.Version > current).OrderBy(m => m.Version).ToList();
        if (pending.Count == 0)
        {
            return null;
        }

        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var backup = $"{databasePath}.v{current}.{stamp}.bak";
        File.Copy(databasePath, backup, overwrite: false);
        var working = databasePath + ".migrating";
        File.Copy(databasePath, working, overwrite: true);
        var step = pending[0];
        try
        {
            using (var db = Open(working))
            {
                foreach (var migration in pending)
                {
                    step = migration;
                    log?.Invoke($"Applying migration {migration.Version}: {migration.Description}");
                    migration.Apply(db);
                    db.UserVersion = migration.Version;
                }

                db.Checkpoint();
            }

            File.Move(working, databasePath, overwrite: true);
            return backup;
        }
        catch (Exception ex)
        {
            TryDelete(working);
            throw new MigrationFailedException(
                $"Migration {step.Version} ({step.Description}) failed: {ex.Message}. The database file {databasePath} was left untouched; a copy taken before migrating is at {backup}.",
                ex);
        }
    }

    private static LiteDatabase Open(string path) =>
        new(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, LiteStore.CreateMapper());

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
