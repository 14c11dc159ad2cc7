namespace StatusHub.Tests.Support;

/// <summary>
/// A clock that reads another (the test's fake) and counts the timers armed on it, so a test that moves
/// the fake clock can tell when the code under test has gone back to waiting for it.
/// </summary>
public sealed class WatchedClock(TimeProvider inner) : TimeProvider
{
    private int _armed;
    private int _created;

    /// <summary>Timers created through this clock that are due some time and have neither fired nor been disposed.</summary>
    public int ArmedTimers => Volatile.Read(ref _armed);

    /// <summary>Timers ever created through this clock, so a test can tell a new wait from one it already moved past.</summary>
    public int TimersCreated => Volatile.Read(ref _created);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _created);
        var timer = new WatchedTimer(this, dueTime, period);
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

    private sealed class WatchedTimer : ITimer
    {
        private readonly WatchedClock _clock;
        private readonly Lock _lock = new();
        private bool _armed;
        private bool _periodic;

        public WatchedTimer(WatchedClock clock, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
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
                    Interlocked.Add(ref _clock._armed, armed ? 1 : -1);
                    _armed = armed;
                }
            }
        }

        private void Disarm() => Set(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
