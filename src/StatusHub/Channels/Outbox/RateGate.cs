namespace StatusHub.Channels.Outbox;

/// <summary>
/// At most <c>rate</c> passes in any window of <c>period</c>, on an injected clock. A sliding log rather
/// than a token bucket: a full bucket plus its refill lets nearly twice the rate through within one
/// window, and Telegram counts its 20 a minute per group over a rolling minute.
/// A pass is held while its message is being sent and enters the log when it is disposed, at the end of the send:
/// the receiver counts arrivals, and a message can arrive any time up to then. Logged at the start, a slow send
/// followed by a fast one a window later could reach the receiver less than a window apart (31 in a rolling second).
/// </summary>
public sealed class RateGate
{
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly long _windowTicks;
    private readonly Queue<long> _ended = new();
    private readonly Lock _lock = new();
    private int _sending;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RateGate(double rate, TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        _time = time;
        // A fractional rate becomes whole passes over a longer window: 0.5 a second is 1 every 2 seconds.
        _limit = Math.Max(1, (int)Math.Floor(rate));
        _windowTicks = (long)Math.Ceiling(period.Ticks * _limit / rate);
    }

    /// <summary>
    /// A pass if the window has room; otherwise null and how long until the oldest ended pass leaves it (a whole
    /// window when every place is held by a send still under way). Dispose the pass once the send is over.
    /// </summary>
    public IDisposable? TryTake(out TimeSpan wait)
    {
        lock (_lock)
        {
            return TryTakeLocked(out wait);
        }
    }

    public async Task<IDisposable> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task freed;
            lock (_lock)
            {
                if (TryTakeLocked(out var wait) is { } pass)
                {
                    return pass;
                }

                // Every place held by a send under way: nothing frees with time alone, only a send ending.
                freed = _ended.Count == 0 ? _released.Task.WaitAsync(cancellationToken) : Task.Delay(wait, _time, cancellationToken);
            }

            await freed.ConfigureAwait(false);
        }
    }

    private Pass? TryTakeLocked(out TimeSpan wait)
    {
        var now = _time.GetUtcNow().UtcTicks;
        while (_ended.Count > 0 && _ended.Peek() <= now - _windowTicks)
        {
            _ended.Dequeue();
        }

        if (_ended.Count + _sending < _limit)
        {
            _sending++;
            wait = TimeSpan.Zero;
            return new Pass(this);
        }

        // Clamped so a clock set back never parks the gate for longer than one window.
        wait = TimeSpan.FromTicks(_ended.Count == 0 ? _windowTicks : Math.Clamp(_ended.Peek() + _windowTicks - now, 1, _windowTicks));
        return null;
    }

    private void End()
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            _sending--;
            _ended.Enqueue(_time.GetUtcNow().UtcTicks);
            released = _released;
            _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.SetResult();
    }

    private sealed class Pass(RateGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.End();
            }
        }
    }
}
