using System.Collections.Concurrent;

namespace StatusHub.Staff;

/// <summary>
/// Slows down password guessing against one sign-in name, whichever addresses the guesses come from
/// (the per-address rate limiter cannot see a spread-out attack). Keyed by the typed email, existing or not,
/// so being throttled says nothing about whether an account exists. Kept in memory: a restart forgives.
/// </summary>
public sealed class SignInBackOff(TimeProvider time)
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(15);
    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the caller must still wait before trying this email again; zero when it may try now.</summary>
    public TimeSpan RetryAfter(string email) =>
        _failures.TryGetValue(email, out var failures) && failures.BlockedUntil > Now() ? failures.BlockedUntil - Now() : TimeSpan.Zero;

    public void Failed(string email)
    {
        if (_failures.Count >= MaxTracked)
        {
            Forget(f => f.BlockedUntil <= Now() - LongestPause);
        }

        _failures.AddOrUpdate(email, _ => new Failures(1, DateTimeOffset.MinValue), (_, previous) =>
        {
            var count = previous.Count + 1;
            return new Failures(count, count < FreeFailures ? DateTimeOffset.MinValue : Now() + Pause(count));
        });
    }

    public void Succeeded(string email) => _failures.TryRemove(email, out _);

    private static TimeSpan Pause(int failures)
    {
        var doublings = Math.Min(failures - FreeFailures, 10);
        var pause = FirstPause * Math.Pow(2, doublings);
        return pause < LongestPause ? pause : LongestPause;
    }

    private void Forget(Func<Failures, bool> stale)
    {
        foreach (var (email, failures) in _failures)
        {
            if (stale(failures))
            {
                _failures.TryRemove(email, out _);
            }
        }
    }

    private DateTimeOffset Now() => time.GetUtcNow();

    private sealed record Failures(int Count, DateTimeOffset BlockedUntil);
}
