using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace StatusHub.Subscribers;

/// <summary>
/// At most <see cref="SubscribersOptions.SmsCodesPerHour"/> codes per number per hour, in memory: a restart forgets,
/// which the per-IP limit and the code's short life make harmless. Keeps anyone from texting a stranger repeatedly.
/// </summary>
public sealed class SmsCodeLimiter(IOptionsMonitor<SubscribersOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.Ordinal);

    /// <summary>Takes one of the number's codes for this hour; false when they are used up, with how long until the next.</summary>
    public bool TryTake(string number, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        if (_sent.Count > 10_000)
        {
            foreach (var (key, stamps) in _sent)
            {
                lock (stamps)
                {
                    if (stamps.All(s => now - s >= Window))
                    {
                        _sent.TryRemove(key, out _);
                    }
                }
            }
        }

        var sent = _sent.GetOrAdd(number, _ => new Queue<DateTimeOffset>());
        lock (sent)
        {
            while (sent.Count > 0 && now - sent.Peek() >= Window)
            {
                sent.Dequeue();
            }

            if (sent.Count >= Math.Max(1, options.CurrentValue.SmsCodesPerHour))
            {
                retryAfter = sent.Peek() + Window - now;
                return false;
            }

            sent.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }
}
