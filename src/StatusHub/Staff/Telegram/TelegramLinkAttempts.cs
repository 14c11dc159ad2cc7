using StatusHub.Time;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// At most <see cref="PerWindow"/> link attempts per Telegram user per <see cref="Window"/>, so 50-bit codes cannot be
/// guessed through the bot. In memory: a restart forgets, which buys a guesser a handful of tries out of 2^50.
/// </summary>
public sealed class TelegramLinkAttempts(TimeProvider time)
{
    public const int PerWindow = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly SlidingWindowCounts<long> _attempts = new(time, Window);

    /// <summary>Counts an attempt by <paramref name="telegramUserId"/>; false when their attempts are used up, with how long until the next.</summary>
    public bool TryTake(long telegramUserId, out TimeSpan retryAfter) => _attempts.TryTake(telegramUserId, PerWindow, out retryAfter);
}
