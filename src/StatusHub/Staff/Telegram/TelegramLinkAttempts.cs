using System.Collections.Concurrent;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// At most <see cref="PerWindow"/> link attempts per Telegram user per <see cref="Window"/>, so 50-bit codes cannot be
/// guessed through the bot. In memory: a restart forgets, which buys a guesser a handful of tries out of 2^50.
/// </summary>
public sealed class TelegramLinkAttempts(TimeProvider time)
{
    public const int PerWindow = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<long, Queue<DateTimeOffset>> _attempts = new();

    /// <summary>Counts an attempt by <paramref name="telegramUserId"/>; false when their attempts are used up, with how long until the next.</summary>
    public bool TryTake(long telegramUserId, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        if (_attempts.Count > PruneAbove)
        {
            foreach (var (user, stamps) in _attempts)
            {
                lock (stamps)
                {
                    Forget(stamps, now);
                    if (stamps.Count == 0)
                    {
                        _attempts.TryRemove(user, out _);
                    }
                }
            }
        }

        var attempts = _attempts.GetOrAdd(telegramUserId, _ => new Queue<DateTimeOffset>());
        lock (attempts)
        {
            Forget(attempts, now);
            if (attempts.Count >= PerWindow)
            {
                retryAfter = attempts.Peek() + Window - now;
                return false;
            }

            attempts.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    private static void Forget(Queue<DateTimeOffset> stamps, DateTimeOffset now)
    {
        while (stamps.TryPeek(out var oldest) && now - oldest >= Window)
        {
            stamps.Dequeue();
        }
    }
}
