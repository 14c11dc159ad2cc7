namespace StatusHub.Storage;

/// <summary>
/// One process at a time opens a data folder's database: LiteDB's direct mode keeps pages cached in the process, so a
/// second writer (an operator command beside the running app) would go unseen, or corrupt the file. The app holds
/// this lock while it runs; a command that finds it taken hands its work to the running app instead
/// (<see cref="ControlSocket"/>). The lock is the operating system's, so a killed process leaves none behind.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "statushub.lock";

    /// <summary>
    /// Locks this process holds, by folder, with how many holders share each. The lock keeps other processes out;
    /// within one process (tests start several hosts on one folder) holders share it.
    /// </summary>
    private static readonly Dictionary<string, (FileStream File, int Holders)> Held = new(StringComparer.Ordinal);

    private readonly string _key;
    private bool _released;

    private DataFolderLock(string key) => _key = key;

    /// <summary>The lock, or null when another process holds it.</summary>
    public static DataFolderLock? TryTake(string dataDirectory)
    {
        var key = Path.GetFullPath(dataDirectory);
        lock (Held)
        {
            if (Held.TryGetValue(key, out var held))
            {
                Held[key] = held with { Holders = held.Holders + 1 };
                return new DataFolderLock(key);
            }

            Directory.CreateDirectory(key);
            try
            {
                Held[key] = (new FileStream(Path.Combine(key, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), 1);
                return new DataFolderLock(key);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>Whether another process holds the lock now.</summary>
    public static bool IsTaken(string dataDirectory)
    {
        using var probe = TryTake(dataDirectory);
        return probe is null;
    }

    public void Dispose()
    {
        lock (Held)
        {
            if (_released || !Held.TryGetValue(_key, out var held))
            {
                return;
            }

            _released = true;
            if (held.Holders > 1)
            {
                Held[_key] = held with { Holders = held.Holders - 1 };
            }
            else
            {
                Held.Remove(_key);
                held.File.Dispose();
            }
        }
    }
}

/// <summary>The data folder is already open in another StatusHub process.</summary>
public sealed class DataFolderInUseException(string dataDirectory)
    : Exception($"Another StatusHub process is using the data folder {dataDirectory} (the running app, or an operator command). Stop it first, or choose another --Storage:DataDirectory.")
{
    public string DataDirectory { get; } = dataDirectory;
}

/// <summary>The app's data folder (absolute), and its lock once the database is opened.</summary>
public sealed class DataFolder(string path) : IDisposable
{
    private readonly Lock _gate = new();
    private DataFolderLock? _lock;

    public string Path { get; } = path;

    /// <summary>Whether this process has taken the folder (its database is open here).</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _lock is not null;
            }
        }
    }

    /// <summary>Takes the folder for this process (once); <see cref="DataFolderInUseException"/> when another has it.</summary>
    public void Take()
    {
        lock (_gate)
        {
            _lock ??= DataFolderLock.TryTake(Path) ?? throw new DataFolderInUseException(Path);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _lock?.Dispose();
            _lock = null;
        }
    }
}
