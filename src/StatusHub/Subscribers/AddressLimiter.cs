using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace StatusHub.Subscribers;

/// <summary>
/// How many sign-up messages went to one address in the last hour, so nobody can use the public form to
/// flood someone else's inbox or phone from many IPs. In memory: a restart forgets, which only lets a few more through.
/// </summary>
public sealed class AddressLimiter(IOptions<SubscribersOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.Ordinal);

    /// <summary>Whether another message may go to <paramref name="key"/> ("{channel}:{normalised address}") now.</summary>
    public bool MaySend(string key)
    {
        if (!_sent.TryGetValue(key, out var times))
        {
            return true;
        }

        lock (times)
        {
            Forget(times, time.GetUtcNow());
            return times.Count < options.Value.MessagesPerAddressPerHour;
        }
    }

    public void Record(string key)
    {
        var now = time.GetUtcNow();
        if (_sent.Count > PruneAbove)
        {
            Prune(now);
        }

        var times = _sent.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Forget(times, now);
            times.Enqueue(now);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, times) in _sent)
        {
            lock (times)
            {
                Forget(times, now);
                if (times.Count == 0)
                {
                    _sent.TryRemove(key, out _);
                }
            }
        }
    }

    private static void Forget(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.TryPeek(out var oldest) && now - oldest >= Window)
        {
            times.Dequeue();
        }
    }
}
