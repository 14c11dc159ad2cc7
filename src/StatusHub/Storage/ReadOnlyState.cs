using System.Globalization;

namespace StatusHub.Storage;

/// <summary>
/// Why the store refuses writes, since when and on whose word: an admin's switch (<see cref="ByStartFlag"/> false)
/// or the <c>--read-only</c> start flag (<c>Storage:ReadOnly</c>), which no admin can switch off.
/// </summary>
public sealed record ReadOnlyState(DateTime Since, string By, string Reason, bool ByStartFlag)
{
    /// <summary>How long a refused client is asked to wait before trying again (Retry-After): a restore or rebuild takes minutes.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);

    /// <summary>The one sentence every refused write answers with: banner, 503 problem, Telegram reply.</summary>
    public string Sentence => ByStartFlag
        ? $"StatusHub is read-only since {Utc(Since)}: it was started with --read-only ({Reason}). Nothing can be changed until it is restarted without it."
        : $"StatusHub is read-only since {Utc(Since)}: {By} switched it on ({Reason}). Nothing can be changed until an admin switches it off.";

    private static string Utc(DateTime at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>A write refused because the store is read-only; its message is <see cref="ReadOnlyState.Sentence"/>.</summary>
public sealed class ReadOnlyException(ReadOnlyState state) : Exception(state.Sentence)
{
    public ReadOnlyState State { get; } = state;
}

/// <summary>
/// The writes that go on while the store is read-only, each named where it is made (<see cref="LiteStore.Write{TResult}"/>).
/// Keep this list short: everything not on it is refused.
/// </summary>
public enum SystemWrite
{
    /// <summary>The outbox delivering what was queued before: claim, outcome, recovery, expanding queued fan-out.</summary>
    OutboxDelivery = 1,

    /// <summary>The Telegram bot's update cursor, so an update answered with the read-only sentence is not answered again.</summary>
    BotUpdateCursor,

    /// <summary>The read-only switch itself, so an admin can switch it off again.</summary>
    ReadOnlySwitch,

    /// <summary>Signing in and out (sessions and their audit rows) and an API key's last use, so staff reach the switch and API reads go on.</summary>
    SignIn,

    /// <summary>The readiness check's one small document, so <c>/readyz</c> still tells whether the store takes writes.</summary>
    Readiness,

    /// <summary>A backup's or a restore's audit row and "last backup" record: a backup before a restore is what read-only mode is for.</summary>
    Backup,
}
