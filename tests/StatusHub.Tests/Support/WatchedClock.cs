namespace StatusHub.Tests.Support;

/// <summary>
/// A clock that reads another (the test's fake) and counts the timers armed on it, so a test that moves
/// the fake clock can tell when the code under test has gone back to waiting for it.
/// </summary>
public sealed class WatchedClock(TimeProvider inner) : TimeProvider
{
    /// <summary>The timers of one piece of work and what it starts (its execution context), apart from every other service's.</summary>
    private static readonly AsyncLocal<Counts?> Flow = new();

    private readonly Counts _all = new();

    /// <summary>Timers created through this clock that are due some time and have neither fired nor been disposed.</summary>
    public int ArmedTimers => _all.Armed;

    /// <summary>Timers ever created through this clock, so a test can tell a new wait from one it already moved past.</summary>
    public int TimersCreated => _all.Created;

    /// <summary>
    /// Starts work with <paramref name="start"/> and moves <paramref name="time"/> (the clock this one reads) by
    /// <paramref name="step"/> whenever that work — and only it, not the app's other loops on the same clock — waits on
    /// two armed timers (its own timeout and one more) it did not wait on before; real time never decides anything.
    /// <paramref name="onStep"/> is told how many steps were taken before each one.
    /// </summary>
    public async Task<T> DriveAsync<T>(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, Func<Task<T>> start, TimeSpan step, Action<int>? onStep = null)
    {
        var counts = new Counts();
        Flow.Value = counts;
        var run = start();
        Flow.Value = null;
        var seen = 0;
        var steps = 0;
        while (true)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!run.IsCompleted && !(counts.Armed >= 2 && counts.Created > seen))
            {
                Assert.True(DateTime.UtcNow < deadline, "The work neither finished nor waited on the clock.");
                await Task.Delay(5);
            }

            if (run.IsCompleted)
            {
                return await run;
            }

            onStep?.Invoke(steps++);
            seen = counts.Created;
            time.Advance(step);
        }
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Counts[] counts = Flow.Value is { } flow ? [_all, flow] : [_all];
        foreach (var count in counts)
        {
            count.Create();
        }

        var timer = new WatchedTimer(counts, dueTime, period);
        timer.Inner = inner.CreateTimer(
            s =>
            {
                timer.Fired();
                callback(s);
            },
            state,
            dueTime,
            period);
        return timer;
    }

    private sealed class Counts
    {
        private int _armed;
        private int _created;

        public int Armed => Volatile.Read(ref _armed);

        public int Created => Volatile.Read(ref _created);

        public void Create() => Interlocked.Increment(ref _created);

        public void Arm(bool armed) => Interlocked.Add(ref _armed, armed ? 1 : -1);
    }

    private sealed class WatchedTimer : ITimer
    {
        private readonly Counts[] _counts;
        private readonly Lock _lock = new();
        private bool _armed;
        private bool _periodic;

        public WatchedTimer(Counts[] counts, TimeSpan dueTime, TimeSpan period)
        {
            _counts = counts;
            Set(dueTime, period);
        }

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Set(dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Fired()
        {
            if (!_periodic)
            {
                Disarm();
            }
        }

        public void Dispose()
        {
            Disarm();
            Inner.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            Disarm();
            await Inner.DisposeAsync();
        }

        private void Set(TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
                var armed = dueTime != Timeout.InfiniteTimeSpan;
                if (armed != _armed)
                {
                    foreach (var count in _counts)
                    {
                        count.Arm(armed);
                    }

                    _armed = armed;
                }
            }
        }

        private void Disarm() => Set(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
