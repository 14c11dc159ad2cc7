using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using StatusHub.Audit;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Staff;

/// <summary>One signed-in browser of a staff account. Its id travels in the sign-in cookie; deleting the record ends the session.</summary>
public sealed record SignedInSession
{
    public const int MaxUserAgentLength = 120;
    public const int MaxClientAddressLength = 64;

    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime LastSeenAt { get; init; }
    // Either may be missing: LiteDB stores an empty string as nothing.
    public string? ClientAddress { get; init; }
    public string? UserAgent { get; init; }

    /// <summary>How the audit log names it: where it was opened, with what.</summary>
    public string Describe() => string.IsNullOrEmpty(UserAgent) ? $"from {ClientAddress}" : $"from {ClientAddress}, {UserAgent}";
}

/// <summary>A session that still opens the staff area, and the account as it is now.</summary>
public sealed record OpenSession(SignedInSession Session, StaffAccount Account);

/// <summary>
/// Staff sessions kept on the server, so that signing out, "sign out everywhere", a new password or a disabled account
/// end them at once, whatever copies of the cookie exist. Checked on every request from an in-memory copy that every
/// change made here (or to an account, through <see cref="AccountChanged"/>) drops; the store is read on a miss only.
/// </summary>
public sealed class StaffSessions(LiteStore store, TimeProvider time)
{
    /// <summary>A session nobody used for this long has ended (the sign-in cookie slides by the same).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(12);

    /// <summary>Last seen is written at most this often per session, not on every request.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(5);

    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, OpenSession> _cache = new(StringComparer.Ordinal);
    private readonly Lock _cacheLock = new();

    /// <summary>Raised with an account's id after its sessions or the account changed, so open pages check theirs at once.</summary>
    public event Action<string>? Changed;

    /// <summary>Opens a session for a fresh sign-in, and clears away sessions left idle.</summary>
    public SignedInSession Start(StaffAccount account, string from, string? userAgent)
    {
        var now = Now();
        var idleSince = now - IdleTimeout;
        var session = new SignedInSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            AccountId = account.Id,
            CreatedAt = now,
            LastSeenAt = now,
            ClientAddress = Cleaned(from, SignedInSession.MaxClientAddressLength),
            UserAgent = Cleaned(userAgent, SignedInSession.MaxUserAgentLength),
        };
        store.Write(scope =>
        {
            var sessions = scope.Collection<SignedInSession>();
            sessions.DeleteMany(s => s.LastSeenAt < idleSince);
            sessions.Insert(session);
        }, affectsStatusPage: false, allowedWhileReadOnly: SystemWrite.SignIn);
        return session;
    }

    /// <summary>The session behind a sign-in cookie, or null when it no longer opens anything.</summary>
    public OpenSession? Validate(ClaimsPrincipal user)
    {
        if (user.SessionId() is not { } id || user.AccountId() is not { } accountId || Find(id) is not { } open)
        {
            return null;
        }

        return open.Session.AccountId == accountId && !open.Account.Disabled && !IsIdle(open.Session) ? Seen(open) : null;
    }

    /// <summary>The account's sessions that are still open, most recently used first.</summary>
    public IReadOnlyList<SignedInSession> OpenFor(string accountId)
    {
        var idleSince = Now() - IdleTimeout;
        return store.Collection<SignedInSession>().Find(s => s.AccountId == accountId && s.LastSeenAt >= idleSince)
            .OrderByDescending(s => s.LastSeenAt).ToList();
    }

    /// <summary>Ends one session of <paramref name="account"/>; false when it has no such open session (ended already, or not its own).</summary>
    public bool End(StaffAccount account, string? sessionId, string actor, string action)
    {
        if (!Ids.IsWellFormed(sessionId))
        {
            return false;
        }

        var ended = store.Write(scope =>
        {
            var sessions = scope.Collection<SignedInSession>();
            if (sessions.FindById(sessionId) is not { } session || session.AccountId != account.Id)
            {
                return false;
            }

            sessions.Delete(sessionId);
            scope.Audit(Now(), actor, action, StaffAccount.AuditSubject(account.Email), session.Describe());
            return true;
        }, affectsStatusPage: false, allowedWhileReadOnly: SystemWrite.SignIn);
        if (ended)
        {
            AccountChanged(account.Id);
        }

        return ended;
    }

    /// <summary>Ends every session of <paramref name="account"/>, on every device.</summary>
    public int EndAll(StaffAccount account, string actor)
    {
        var ended = store.Write(scope =>
        {
            var count = EndAll(scope, account.Id);
            scope.Audit(Now(), actor, "staff.signed-out-everywhere", StaffAccount.AuditSubject(account.Email), count == 1 ? "1 session" : $"{count} sessions");
            return count;
        }, affectsStatusPage: false, allowedWhileReadOnly: SystemWrite.SignIn);
        AccountChanged(account.Id);
        return ended;
    }

    /// <summary>Inside a change to the account (a new password, disabling it) that ends all its sessions with it.</summary>
    internal static int EndAll(WriteScope scope, string accountId) =>
        scope.Collection<SignedInSession>().DeleteMany(s => s.AccountId == accountId);

    /// <summary>After a committed change to the account or its sessions: forget the copies, and tell open pages.</summary>
    public void AccountChanged(string accountId)
    {
        lock (_cacheLock)
        {
            foreach (var (id, open) in _cache)
            {
                if (open.Session.AccountId == accountId)
                {
                    _cache.TryRemove(id, out _);
                }
            }
        }

        Changed?.Invoke(accountId);
    }

    private OpenSession? Find(string id)
    {
        if (_cache.TryGetValue(id, out var open))
        {
            return open;
        }

        // Under the lock, so that a session ended while this read ran cannot be cached after its end dropped the copies.
        lock (_cacheLock)
        {
            if (_cache.TryGetValue(id, out open))
            {
                return open;
            }

            var session = store.Collection<SignedInSession>().FindById(id);
            var account = session is null ? null : store.Collection<StaffAccount>().FindById(session.AccountId);
            if (session is null || account is null)
            {
                return null;
            }

            if (_cache.Count >= MaxCached)
            {
                _cache.Clear();
            }

            return _cache[id] = new OpenSession(session, account);
        }
    }

    private OpenSession Seen(OpenSession open)
    {
        var now = Now();
        if (now - open.Session.LastSeenAt < LastSeenResolution)
        {
            return open;
        }

        var seen = open with { Session = open.Session with { LastSeenAt = now } };
        // Only if still cached as read: a session ended meanwhile is not brought back.
        if (_cache.TryUpdate(seen.Session.Id, seen, open))
        {
            store.Write(scope => scope.Collection<SignedInSession>().Update(seen.Session), affectsStatusPage: false, allowedWhileReadOnly: SystemWrite.SignIn);
        }

        return seen;
    }

    private bool IsIdle(SignedInSession session) => Now() - session.LastSeenAt >= IdleTimeout;

    /// <summary>Without control characters, trimmed and shortened: text from a client, fit for a page and the audit log.</summary>
    internal static string Cleaned(string? text, int length) =>
        Ellipsis.Shorten(new string((text ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim(), length);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
