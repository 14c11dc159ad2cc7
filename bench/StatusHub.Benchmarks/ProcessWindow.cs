using System.Diagnostics;
using System.Globalization;

namespace StatusHub.Benchmarks;

/// <summary>
/// What this process used over a stretch of wall time: CPU time (all threads, so loopback peers running in the process
/// count too), managed heap and working set sampled twice a second (start, peak, end), the size of the LiteDB file and
/// of its log (LiteDB appends each transaction's pages to the log and copies them back into the file at a checkpoint),
/// and the machine's load average at both ends, so a reader can tell a quiet window from a noisy one.
/// </summary>
public sealed class ProcessWindow : IAsyncDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(500);
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly string _database;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly long _startedAt;
    private readonly TimeSpan _cpuAtStart;
    private long _heapPeak;
    private long _workingSetPeak;

    private ProcessWindow(string database)
    {
        _database = database;
        LoadAtStart = LoadAverage();
        DatabaseAtStart = DatabaseBytes();
        _process.Refresh();
        HeapAtStart = _heapPeak = GC.GetTotalMemory(forceFullCollection: false);
        WorkingSetAtStart = _workingSetPeak = _process.WorkingSet64;
        _cpuAtStart = _process.TotalProcessorTime;
        _startedAt = Stopwatch.GetTimestamp();
        _sampling = SampleAsync();
    }

    private string LoadAtStart { get; }

    private long HeapAtStart { get; }

    private long WorkingSetAtStart { get; }

    private (long File, long Log) DatabaseAtStart { get; }

    /// <param name="database">The LiteDB file (<c>LiteStore.DatabasePath</c>).</param>
    public static ProcessWindow Start(string database) => new(database);

    public async Task<WindowResult> End()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt);
        _process.Refresh();
        var cpu = _process.TotalProcessorTime - _cpuAtStart;
        await _stop.CancelAsync();
        await _sampling;
        Sample();
        return new WindowResult(
            wall,
            cpu,
            (HeapAtStart, _heapPeak, GC.GetTotalMemory(forceFullCollection: false)),
            (WorkingSetAtStart, _workingSetPeak, _process.WorkingSet64),
            (DatabaseAtStart, DatabaseBytes()),
            (LoadAtStart, LoadAverage()),
            GC.CollectionCount(2));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
        _process.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(SampleEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        _process.Refresh();
        _heapPeak = Math.Max(_heapPeak, GC.GetTotalMemory(forceFullCollection: false));
        _workingSetPeak = Math.Max(_workingSetPeak, _process.WorkingSet64);
    }

    private (long File, long Log) DatabaseBytes()
    {
        var log = Path.Combine(Path.GetDirectoryName(_database)!, Path.GetFileNameWithoutExtension(_database) + "-log" + Path.GetExtension(_database));
        return (Length(_database), Length(log));
    }

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "?" elsewhere.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }
}

/// <param name="Gen2Collections">Full collections since the process started, at the end of the window.</param>
public sealed record WindowResult(
    TimeSpan Wall,
    TimeSpan Cpu,
    (long Start, long Peak, long End) Heap,
    (long Start, long Peak, long End) WorkingSet,
    ((long File, long Log) Start, (long File, long Log) End) Database,
    (string Start, string End) Load,
    int Gen2Collections)
{
    /// <summary>CPU time over wall time: 1.0 is one core kept busy the whole window.</summary>
    public double ShareOfOneCore => Cpu / Wall;

    public double ShareOfMachine => ShareOfOneCore / Environment.ProcessorCount;

    public static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
}
