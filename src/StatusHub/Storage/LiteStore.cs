using LiteDB;

namespace StatusHub.Storage;

/// <summary>
/// The one LiteDB instance of the process. Writes are serialised and run in a transaction;
/// each committed write raises <see cref="Changed"/> so the public snapshot can be rebuilt.
/// </summary>
public sealed class LiteStore : IDocumentReader, IDisposable
{
    private readonly Lock _writeLock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    public LiteStore(string databasePath)
    {
        DatabasePath = databasePath;
        Mapper = CreateMapper();
        Database = new LiteDatabase(new ConnectionString { Filename = databasePath, Connection = ConnectionType.Direct }, Mapper)
        {
            // LiteDB copies its log back into the data file whenever the log passes this many 8 KB pages. At the
            // default 1,000 a busy outbox or a subscriber import checkpoints after nearly every commit.
            CheckpointSize = CheckpointPages,
        };
    }

    public const int CheckpointPages = 10_000;

    public string DatabasePath { get; }

    public LiteDatabase Database { get; }

    public BsonMapper Mapper { get; }

    private volatile ReadOnlyState? _readOnly;

    /// <summary>Set while every write but a <see cref="SystemWrite"/> is refused; see <see cref="ReadOnlyMode"/>.</summary>
    public ReadOnlyState? ReadOnly => _readOnly;

    /// <summary>Called by <see cref="ReadOnlyMode"/> only, inside its own write, so no write slips in between the switch and the guard.</summary>
    internal void SetReadOnly(ReadOnlyState? state) => _readOnly = state;

    /// <summary>Raised after every committed write, outside the write lock.</summary>
    public event Action? Changed;

    /// <summary>Raised after a committed write for each signal its work raised (<see cref="WriteScope.Signal"/>), outside the write lock.</summary>
    public event Action<string>? Signalled;

    public static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper { EnumAsInteger = false, SerializeNullValues = false };
        // LiteDB hands DateTimes back as Local: everything here is UTC, in and out.
        mapper.RegisterType(
            serialize: value => new BsonValue(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime()),
            deserialize: bson => bson.AsDateTime.ToUniversalTime());
        return mapper;
    }

    public ILiteCollection<T> Collection<T>()
    {
        var name = CollectionNames.For<T>();
        EnsureCreated(name);
        return Database.GetCollection<T>(name);
    }

    /// <summary>
    /// LiteDB 5 fails a read of a collection that another transaction is creating at that moment ("page type must be
    /// collection page", litedb-org/LiteDB#2792) and may close its engine after it. So a collection is created under the
    /// write lock the first time this process asks for it: a writer creating it holds that lock until it has committed,
    /// and nobody reads a collection before this returned.
    /// </summary>
    private void EnsureCreated(string name)
    {
        if (_created.ContainsKey(name))
        {
            return;
        }

        lock (_writeLock)
        {
            if (!Database.CollectionExists(name))
            {
                if (!Database.BeginTrans())
                {
                    // Inside a write on this thread: that write creates the collection, under the lock, if it writes to it.
                    return;
                }

                try
                {
                    // An insert creates the collection; deleting the marker in the same transaction leaves it empty.
                    var collection = Database.GetCollection(name);
                    collection.Insert(new BsonDocument { ["_id"] = CreationMarker });
                    collection.Delete(CreationMarker);
                    Database.Commit();
                }
                catch
                {
                    Database.Rollback();
                    throw;
                }
            }

            _created.TryAdd(name, true);
        }
    }

    private const string CreationMarker = "statushub:creating";

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction under the process-wide write lock.
    /// <paramref name="affectsStatusPage"/> false (outbox bookkeeping) skips the <see cref="Changed"/> event,
    /// so thousands of delivery updates do not rebuild the public snapshot.
    /// While the store is <see cref="ReadOnly"/> every write throws <see cref="ReadOnlyException"/> before it starts,
    /// unless it names itself as one of the few <paramref name="allowedWhileReadOnly"/>.
    /// </summary>
    public TResult Write<TResult>(Func<WriteScope, TResult> work, bool affectsStatusPage = true, SystemWrite? allowedWhileReadOnly = null)
    {
        TResult result;
        WriteScope scope;
        lock (_writeLock)
        {
            if (_readOnly is { } readOnly && allowedWhileReadOnly is null)
            {
                throw new ReadOnlyException(readOnly);
            }

            if (!Database.BeginTrans())
            {
                throw new InvalidOperationException("A LiteDB transaction is already open on this thread.");
            }

            try
            {
                scope = new WriteScope(this);
                result = work(scope);
                Database.Commit();
            }
            catch
            {
                Database.Rollback();
                throw;
            }
        }

        if (affectsStatusPage)
        {
            Changed?.Invoke();
        }

        foreach (var signal in scope.Signals)
        {
            Signalled?.Invoke(signal);
        }

        return result;
    }

    public void Write(Action<WriteScope> work, bool affectsStatusPage = true, SystemWrite? allowedWhileReadOnly = null) => Write(
        scope =>
        {
            work(scope);
            return true;
        },
        affectsStatusPage,
        allowedWhileReadOnly);

    /// <summary>
    /// Writes a consistent copy of the database to <paramref name="path"/> (a new file): LiteDB's log is folded into the
    /// data file (a checkpoint), then the file is copied while the write lock is held, so no commit lands halfway through.
    /// Readers go on meanwhile; writers wait for the copy.
    /// </summary>
    public void CopyTo(string path)
    {
        lock (_writeLock)
        {
            Database.Checkpoint();
            using var source = new FileStream(DatabasePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            // Password and key hashes, subscribers' addresses: readable by the data folder's owner alone.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var target = new FileStream(path, options);
            source.CopyTo(target);
            target.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => Database.Dispose();
}

internal static class CollectionNames
{
    public static string For<T>() => For(typeof(T));

    public static string For(Type type) => ToSnakeCase(type.Name);

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
