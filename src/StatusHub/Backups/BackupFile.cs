using LiteDB;
using StatusHub.Storage;

namespace StatusHub.Backups;

/// <summary>What a backup holds: its schema version and, per collection, how many documents.</summary>
public sealed record BackupContents(int SchemaVersion, IReadOnlyDictionary<string, int> Collections)
{
    public int Documents => Collections.Values.Sum();

    public string Summary => $"schema version {SchemaVersion}, {Collections.Count} collections, {Documents:N0} documents";
}

/// <summary>A backup or restore that would leave a database nobody can use; nothing was written or replaced.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>
/// Judges a database file before it may replace the live one: it opens read-only as LiteDB, its schema version is one
/// this build knows (an older one is migrated at the next start), every collection reads to its end, every document has
/// its id, and every document of a collection this build stores turns back into its record.
/// </summary>
public static class BackupFile
{
    /// <summary>LiteDB's page: a file cut short anywhere but a page boundary is not a whole database.</summary>
    private const int PageBytes = 8192;

    /// <summary>The records the app stores, by their collection's name (<see cref="CollectionNames"/>).</summary>
    private static readonly Lazy<ILookup<string, Type>> StoredTypes = new(() => typeof(LiteStore).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .ToLookup(CollectionNames.For, StringComparer.Ordinal));

    /// <param name="shownAs">The name the operator knows the file by, when <paramref name="path"/> is a working copy of it.</param>
    public static BackupContents Check(string path, string? shownAs = null)
    {
        var name = shownAs ?? path;
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new BackupRefusedException($"There is no file {name}.");
        }

        if (file.Length == 0 || file.Length % PageBytes != 0)
        {
            throw new BackupRefusedException($"{name} is not a whole StatusHub database: {file.Length:N0} bytes is not a number of LiteDB pages (truncated, or not a LiteDB file).");
        }

        var latest = Migrator.LatestVersion(SchemaMigrations.All);
        try
        {
            using var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, ReadOnly = true }, LiteStore.CreateMapper());
            var version = db.UserVersion;
            if (version < 1)
            {
                throw new BackupRefusedException($"{name} is a LiteDB file but not a StatusHub database (it has no schema version).");
            }

            if (version > latest)
            {
                throw new BackupRefusedException($"{name} is at schema version {version}, newer than this build knows ({latest}): restore it with the StatusHub it came from, or a newer one.");
            }

            var collections = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var collection in db.GetCollectionNames())
            {
                collections[collection] = CheckCollection(db, collection, name);
            }

            return new BackupContents(version, collections);
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidCastException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw Unreadable(name, ex);
        }
    }

    /// <summary>The refusal of a file LiteDB could not read, in its words; its own checks leave their {0} unfilled ("Page type must be data page: {0}").</summary>
    internal static BackupRefusedException Unreadable(string name, Exception ex) =>
        new($"{name} cannot be read as a StatusHub database: {System.Text.RegularExpressions.Regex.Replace(ex.Message, @"[\s:]*\{\d+\}", "")}");

    private static int CheckCollection(LiteDatabase db, string name, string file)
    {
        var types = StoredTypes.Value[name].ToList();
        var count = 0;
        foreach (var document in db.GetCollection(name).FindAll())
        {
            count++;
            // LiteDB reads a data page overwritten with garbage as documents with no fields at all, which every record
            // type would take (its properties left empty); no document LiteDB stored lacks its id.
            if (!document.TryGetValue("_id", out var id) || id.IsNull)
            {
                throw new BackupRefusedException($"{file} is damaged: a document in '{name}' has no id.");
            }

            if (types.Count > 0 && !types.Any(type => Deserializes(db.Mapper, type, document)))
            {
                throw new BackupRefusedException($"{file}: a document in '{name}' ({id}) does not read as {types[0].Name}: the file is damaged, or from another program.");
            }
        }

        return count;
    }

    private static bool Deserializes(BsonMapper mapper, Type type, BsonDocument document)
    {
        try
        {
            mapper.ToObject(type, document);
            return true;
        }
        catch (Exception ex) when (ex is LiteException or InvalidCastException or FormatException or ArgumentException or InvalidOperationException or NullReferenceException)
        {
            return false;
        }
    }
}
