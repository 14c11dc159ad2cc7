namespace StatusHub.Channels.Outbox;

/// <summary>
/// At most <c>rate</c> passes in any window of <c>period</c>, on an injected clock. A sliding log rather
/// than a token bucket: a full bucket plus its refill lets nearly twice the rate through within one
/// window, and Telegram counts its 20 a minute per group over a rolling minute.
/// </summary>
public sealed class RateGate
{
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly long _windowTicks;
    private readonly Queue<long> _passes = new();
    private readonly Lock _lock = new();

    public RateGate(double rate, TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        _time = time;
        // A fractional rate becomes whole passes over a longer window: 0.5 a second is 1 every 2 seconds.
        _limit = Math.Max(1, (int)Math.Floor(rate));
        _windowTicks = (long)Math.Ceiling(period.Ticks * _limit / rate);
    }

    /// <summary>Passes if the window has room; otherwise says how long until the oldest pass leaves it.</summary>
    public bool TryTake(out TimeSpan wait)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            while (_passes.Count > 0 && _passes.Peek() <= now - _windowTicks)
            {
                _passes.Dequeue();
            }

            if (_passes.Count < _limit)
            {
                _passes.Enqueue(now);
                wait = TimeSpan.Zero;
                return true;
            }

            // Clamped so a clock set back never parks the gate for longer than one window.
            wait = TimeSpan.FromTicks(Math.Clamp(_passes.Peek() + _windowTicks - now, 1, _windowTicks));
            return false;
        }
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (!TryTake(out var wait))
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
