namespace StatusHub.Time;

/// <summary>
/// How many times each key happened in the last <c>window</c>, in memory, for the limits that keep the public forms and
/// the bot from being used to flood someone: sign-up messages per address, SMS codes per number, link attempts per
/// Telegram user, customers' messages per client, address and chat. Bounded: past <c>maxKeys</c> keys the quiet ones are
/// dropped, and if all are live every count starts over (a few more get through; a global key bounds the total). A restart
/// forgets too, which each user of it judges harmless.
/// </summary>
public sealed class SlidingWindowCounts<TKey>(TimeProvider time, TimeSpan window, int maxKeys = 10_000)
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, Queue<DateTimeOffset>> _times = [];

    public TimeSpan Window => window;

    /// <summary>Null while fewer than <paramref name="limit"/> fall in the window for <paramref name="key"/>; otherwise how long until the oldest leaves it.</summary>
    public TimeSpan? Wait(TKey key, int limit)
    {
        lock (_lock)
        {
            return WaitLocked(key, limit, time.GetUtcNow());
        }
    }

    public void Record(TKey key)
    {
        lock (_lock)
        {
            RecordLocked(key, time.GetUtcNow());
        }
    }

    /// <summary>Counts one for <paramref name="key"/> unless <paramref name="limit"/> are in the window already (then false, with how long to wait).</summary>
    public bool TryTake(TKey key, int limit, out TimeSpan retryAfter) => TryTakeAll([key], [limit], out retryAfter, out _);

    /// <summary>
    /// Counts one for every key, or for none: false, with the longest wait, when any of them has <paramref name="limits"/>
    /// (the same index) in the window already.
    /// </summary>
    public bool TryTakeAll(IReadOnlyList<TKey> keys, IReadOnlyList<int> limits, out TimeSpan retryAfter, out int refusedBy)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            retryAfter = TimeSpan.Zero;
            refusedBy = -1;
            for (var i = 0; i < keys.Count; i++)
            {
                if (WaitLocked(keys[i], limits[i], now) is { } wait && (refusedBy < 0 || wait > retryAfter))
                {
                    retryAfter = wait;
                    refusedBy = i;
                }
            }

            if (refusedBy >= 0)
            {
                return false;
            }

            foreach (var key in keys)
            {
                RecordLocked(key, now);
            }

            return true;
        }
    }

    private TimeSpan? WaitLocked(TKey key, int limit, DateTimeOffset now)
    {
        if (!_times.TryGetValue(key, out var times))
        {
            return limit > 0 ? null : window;
        }

        Forget(times, now);
        return times.Count < limit ? null : times.Count == 0 ? window : times.Peek() + window - now;
    }

    private void RecordLocked(TKey key, DateTimeOffset now)
    {
        if (!_times.TryGetValue(key, out var times))
        {
            if (_times.Count >= maxKeys)
            {
                Prune(now);
            }

            _times[key] = times = new Queue<DateTimeOffset>();
        }

        Forget(times, now);
        times.Enqueue(now);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, times) in _times.ToList())
        {
            Forget(times, now);
            if (times.Count == 0)
            {
                _times.Remove(key);
            }
        }

        if (_times.Count >= maxKeys)
        {
            _times.Clear();
        }
    }

    private void Forget(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.TryPeek(out var oldest) && now - oldest >= window)
        {
            times.Dequeue();
        }
    }
}
