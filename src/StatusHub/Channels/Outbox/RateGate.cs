namespace StatusHub.Channels.Outbox;

/// <summary>
/// A token bucket on an injected clock: <c>rate</c> tokens per <c>period</c>, holding at most <c>burst</c>.
/// Never lets more than burst + rate × elapsed through, so a channel stays at its limit and never above.
/// </summary>
public sealed class RateGate
{
    private readonly TimeProvider _time;
    private readonly double _tokensPerTick;
    private readonly double _burst;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _lastTicks;

    public RateGate(double rate, TimeSpan period, TimeProvider time, double? burst = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        _time = time;
        _tokensPerTick = rate / period.Ticks;
        _burst = Math.Max(1, burst ?? rate);
        _tokens = _burst;
        _lastTicks = time.GetUtcNow().UtcTicks;
    }

    /// <summary>Takes a token if one is there; otherwise says how long until one is.</summary>
    public bool TryTake(out TimeSpan wait)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            _tokens = Math.Min(_burst, _tokens + ((now - _lastTicks) * _tokensPerTick));
            _lastTicks = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                wait = TimeSpan.Zero;
                return true;
            }

            wait = TimeSpan.FromTicks((long)Math.Ceiling((1 - _tokens) / _tokensPerTick));
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
