using Microsoft.Extensions.Options;

namespace StatusHub.Conversations;

/// <summary>Why a customer's message was not taken, and when one would be.</summary>
public sealed record ContactRefusal(TimeSpan RetryAfter, string Reason);

/// <summary>
/// Sliding-hour counts of customers' messages per client, per email address, per Telegram chat and in all, so neither one
/// sender nor a distributed flood can fill the disk or the staff chat. A message is counted only when it is kept.
/// In memory and bounded: a restart forgives.
/// </summary>
public sealed class ContactLimits(IOptionsMonitor<ConversationsOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private const int MaxTracked = 10_000;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _taken = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _all = new();

    /// <summary>Takes a place for a Contact us message from <paramref name="client"/> naming <paramref name="email"/>; null when taken.</summary>
    public ContactRefusal? TakeForForm(string client, string email)
    {
        var current = options.CurrentValue;
        return Take(
            ($"client:{client}", current.MessagesPerClientPerHour, "Many messages have come from your network in the last hour."),
            ($"email:{email}", current.MessagesPerAddressPerHour, "Many messages have named this email address in the last hour."));
    }

    /// <summary>Takes a place for a message to the bot from <paramref name="chatId"/>; null when taken.</summary>
    public ContactRefusal? TakeForChat(long chatId) =>
        Take(($"chat:{chatId}", options.CurrentValue.MessagesPerChatPerHour, "Many messages have come from this chat in the last hour."));

    private ContactRefusal? Take(params (string Key, int Limit, string Reason)[] limits)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            ContactRefusal? refusal = Wait(_all, options.CurrentValue.MessagesPerHour, now) is { } busy
                ? new(busy, "We have received a great many messages in the last hour.")
                : null;
            foreach (var (key, limit, reason) in limits)
            {
                if (_taken.TryGetValue(key, out var times) && Wait(times, limit, now) is { } wait && wait > (refusal?.RetryAfter ?? TimeSpan.Zero))
                {
                    refusal = new(wait, reason);
                }
            }

            if (refusal is not null)
            {
                return refusal;
            }

            if (_taken.Count >= MaxTracked)
            {
                Prune(now);
            }

            _all.Enqueue(now);
            foreach (var (key, _, _) in limits)
            {
                if (!_taken.TryGetValue(key, out var times))
                {
                    _taken[key] = times = new Queue<DateTimeOffset>();
                }

                times.Enqueue(now);
            }

            return null;
        }
    }

    /// <summary>Null while fewer than <paramref name="limit"/> fall in the last hour; else how long until the oldest leaves it.</summary>
    private static TimeSpan? Wait(Queue<DateTimeOffset> times, int limit, DateTimeOffset now)
    {
        while (times.TryPeek(out var oldest) && now - oldest >= Window)
        {
            times.Dequeue();
        }

        return times.Count < limit ? null : times.Peek() + Window - now;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _taken.Keys.ToList())
        {
            if (Wait(_taken[key], int.MaxValue, now) is null && _taken[key].Count == 0)
            {
                _taken.Remove(key);
            }
        }

        if (_taken.Count >= MaxTracked)
        {
            // Still full of live senders: forgetting them all only lets a few more through, never more than the global cap.
            _taken.Clear();
        }
    }
}
