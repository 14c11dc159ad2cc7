using System.Security.Cryptography;
using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// Issues and redeems staff buttons (<see cref="TelegramCallback"/>). A forged, expired, foreign or spent token
/// redeems to null, so it changes nothing.
/// </summary>
public sealed class TelegramCallbacks(LiteStore store, TimeProvider time)
{
    /// <summary>Every staff button's callback_data starts with this; the subscriber buttons do not.</summary>
    public const string Prefix = "s:";

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Spent and expired buttons are kept this long (to answer "already done"), then deleted.</summary>
    public static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromDays(1);

    public static bool IsOurs(string? data) => data is not null && data.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Stores the action and returns the callback_data for its button (24 ASCII characters, well under Telegram's 64 bytes).</summary>
    public string Issue(string action, string payload, long? forUserId, TimeSpan? lifetime = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Worked out here, not inside the query: LiteDB mistranslates some date arithmetic (AddDays) in an expression.
        var forgetBefore = now - KeptAfterExpiry;
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        store.Write(scope =>
        {
            var callbacks = scope.Collection<TelegramCallback>();
            callbacks.DeleteMany(c => c.ExpiresAt < forgetBefore);
            scope.Insert(new TelegramCallback { Id = id, Action = action, Payload = payload, ForUserId = forUserId, IssuedAt = now, ExpiresAt = now + (lifetime ?? DefaultLifetime) });
        }, affectsStatusPage: false);
        return Prefix + id;
    }

    /// <summary>The live button behind <paramref name="data"/> for <paramref name="userId"/>, left usable (a toggle, a page of a list).</summary>
    public TelegramCallback? Find(string? data, long userId) => Usable(Lookup(data), userId);

    /// <summary>
    /// Uses the button once: the first call returns it, every later one null (a double tap publishes once). Why a
    /// button was refused is in <paramref name="refusal"/>: expired, already used, someone else's, or unknown.
    /// </summary>
    public TelegramCallback? Take(string? data, long userId, out string? refusal)
    {
        var found = Lookup(data);
        refusal = Refusal(found, userId);
        if (refusal is not null)
        {
            return null;
        }

        try
        {
            return store.Write(scope => scope.Update(found! with { UsedAt = time.GetUtcNow().UtcDateTime }, "The button"), affectsStatusPage: false);
        }
        catch (ConcurrencyConflictException)
        {
            refusal = "This was done already.";
            return null;
        }
    }

    /// <summary>
    /// Spends every button of <paramref name="action"/> with <paramref name="payload"/> (Publish once Cancel was tapped, say); a
    /// later tap is told <paramref name="because"/>. A button tapped already is told too, unless it was told something else.
    /// </summary>
    public void Revoke(string action, string payload, string because) =>
        store.Write(scope =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var spent in scope.Collection<TelegramCallback>().Find(c => c.Action == action && c.Payload == payload).Where(c => c.SpentBecause is null).ToList())
            {
                scope.Update(spent with { UsedAt = spent.UsedAt ?? now, SpentBecause = because }, "The button");
            }
        }, affectsStatusPage: false);

    private TelegramCallback? Lookup(string? data) =>
        IsOurs(data) && data!.Length <= 64 ? store.Collection<TelegramCallback>().FindById(data[Prefix.Length..]) : null;

    private TelegramCallback? Usable(TelegramCallback? callback, long userId) => Refusal(callback, userId) is null ? callback : null;

    private string? Refusal(TelegramCallback? callback, long userId) => callback switch
    {
        null => "This button is not known (any more).",
        { UsedAt: not null } => callback.SpentBecause ?? "This was done already.",
        _ when callback.ExpiresAt <= time.GetUtcNow().UtcDateTime => "This button has expired: start again.",
        { ForUserId: { } owner } when owner != userId => "This button belongs to whoever started it.",
        _ => null,
    };
}
