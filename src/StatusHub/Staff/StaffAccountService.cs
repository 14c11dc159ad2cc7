using LiteDB;
using Microsoft.AspNetCore.Identity;
using StatusHub.Audit;
using StatusHub.Storage;

namespace StatusHub.Staff;

public enum SignInOutcome
{
    SignedIn,
    Rejected,
    Throttled,
}

/// <summary>What became of one sign-in attempt. <see cref="Account"/> is set only when signed in.</summary>
public sealed record SignInAttempt(SignInOutcome Outcome, StaffAccount? Account = null, TimeSpan RetryAfter = default);

/// <summary>Creates and changes staff accounts and checks passwords; every change is audited in its own transaction.</summary>
public sealed class StaffAccountService(LiteStore store, TimeProvider time, SignInBackOff backOff, StaffSessions sessions)
{
    /// <summary>Hashes passwords, and anything else kept only to be checked (second-factor recovery codes).</summary>
    internal static readonly PasswordHasher<StaffAccount> Hasher = new();

    // Verified against when the email is unknown, so a miss costs as long as a wrong password and timing does not tell accounts apart.
    private static readonly Lazy<string> DecoyHash = new(() => Hasher.HashPassword(null!, "decoy password that never matches"));

    public IReadOnlyList<StaffAccount> All() => store.Collection<StaffAccount>().Query().OrderBy(a => a.Email).ToList();

    public StaffAccount? Find(string id) => store.Collection<StaffAccount>().FindById(id);

    public StaffAccount Get(string id) => Find(id) ?? throw new NotFoundException($"There is no staff account with id '{id}'.");

    public StaffAccount? FindByEmail(string email)
    {
        var normalised = email.Trim().ToLowerInvariant();
        return store.Collection<StaffAccount>().FindOne(a => a.Email == normalised);
    }

    public bool AnyExist() => store.Collection<StaffAccount>().Exists(Query.All());

    public StaffAccount Create(string email, string role, string password, string actor)
    {
        var account = NewAccount(email, role, password);
        return store.Write(scope => Insert(scope, account, actor), affectsStatusPage: false);
    }

    /// <summary>Validates and hashes outside the write lock: hashing is deliberately slow.</summary>
    internal StaffAccount NewAccount(string email, string role, string password)
    {
        var normalised = StaffCredentials.NormaliseEmail(email);
        var checkedRole = StaffCredentials.CheckRole(role);
        StaffCredentials.CheckPassword(password, normalised);
        var account = new StaffAccount { Id = Ids.New(), Email = normalised, Role = checkedRole, PasswordHash = "", CreatedAt = Now() };
        return account with { PasswordHash = Hasher.HashPassword(account, password) };
    }

    internal StaffAccount Insert(WriteScope scope, StaffAccount account, string actor)
    {
        var accounts = scope.Collection<StaffAccount>();
        if (accounts.Exists(a => a.Email == account.Email))
        {
            throw new ValidationException($"There is already a staff account for {account.Email}.");
        }

        var inserted = scope.Insert(account);
        scope.Audit(account.CreatedAt, actor, "staff.created", StaffAccount.AuditSubject(inserted.Email), $"role {inserted.Role}");
        return inserted;
    }

    public StaffAccount ChangeRole(string id, int expectedVersion, string role, string actor)
    {
        var checkedRole = StaffCredentials.CheckRole(role);
        RefuseExternal(Get(id), "its role comes from the identity provider at every sign-in");
        return Change(id, expectedVersion, actor, "staff.role-changed", account => account with { Role = checkedRole }, account => $"{account.Role} → {checkedRole}");
    }

    /// <summary>Disabling also ends every session of the account.</summary>
    public StaffAccount SetDisabled(string id, int expectedVersion, bool disabled, string actor) =>
        Change(id, expectedVersion, actor, disabled ? "staff.disabled" : "staff.enabled", account => account with { Disabled = disabled }, _ => "", endSessions: disabled);

    /// <summary>Also ends every session of the account, on every device: the old password may be what leaked.</summary>
    public StaffAccount ResetPassword(string id, int expectedVersion, string password, string actor)
    {
        var account = Get(id);
        RefuseExternal(account, "it has no password here");
        StaffCredentials.CheckPassword(password, account.Email);
        var hash = Hasher.HashPassword(account, password);
        return Change(id, expectedVersion, actor, "staff.password-reset", a => a with { PasswordHash = hash }, _ => "", endSessions: true);
    }

    /// <summary>Whether <paramref name="password"/> is the account's password now (to confirm a change to the account's own security).</summary>
    public bool PasswordMatches(StaffAccount account, string? password) =>
        !string.IsNullOrEmpty(password) && password.Length <= StaffCredentials.MaxPasswordLength
        && Find(account.Id) is { } current && Hasher.VerifyHashedPassword(current, current.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>
    /// Checks an email and password. Unknown emails, wrong passwords and disabled accounts all come back
    /// as <see cref="SignInOutcome.Rejected"/>: only the audit log tells them apart. Never records the password.
    /// When <paramref name="secondStep"/> says the account has one, the audit log says the password was accepted, not that it signed in.
    /// </summary>
    public SignInAttempt SignIn(string? email, string? password, string from, Func<StaffAccount, bool>? secondStep = null)
    {
        var typed = (email ?? "").Trim().ToLowerInvariant();
        typed = typed.Length > StaffAccount.MaxEmailLength ? typed[..StaffAccount.MaxEmailLength] : typed;
        var subject = StaffAccount.AuditSubject(typed);
        var retryAfter = backOff.RetryAfter(typed, from);
        if (retryAfter > TimeSpan.Zero)
        {
            Record(from, "staff.sign-in-throttled", subject, "");
            return new SignInAttempt(SignInOutcome.Throttled, RetryAfter: retryAfter);
        }

        var account = typed.Length == 0 ? null : FindByEmail(typed);
        var verdict = string.IsNullOrEmpty(password) ? PasswordVerificationResult.Failed : Hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? DecoyHash.Value, password);
        var reason = (account, verdict) switch
        {
            (null, _) => "no such account",
            ({ IsExternal: true }, _) => "external account: signs in through single sign-on only",
            (_, PasswordVerificationResult.Failed) => "wrong password",
            ({ Disabled: true }, _) => "account disabled",
            _ => null,
        };
        if (reason is not null)
        {
            backOff.Failed(typed, from);
            Record(from, "staff.sign-in-failed", subject, reason);
            return new SignInAttempt(SignInOutcome.Rejected);
        }

        backOff.Succeeded(typed, from);
        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(account!, password!) : null;
        var now = Now();
        var signedIn = store.Write(scope =>
        {
            // Re-read inside the transaction: an admin may have changed the account while the password was being checked.
            var current = scope.Collection<StaffAccount>().FindById(account!.Id);
            var updated = scope.Update(current with { LastSignInAt = now, PasswordHash = rehash ?? current.PasswordHash }, "The staff account");
            scope.Audit(now, updated.Email, secondStep?.Invoke(updated) == true ? "staff.password-accepted" : "staff.signed-in", subject, $"from {from}");
            return updated;
        }, affectsStatusPage: false, allowedWhileReadOnly: SystemWrite.SignIn);
        return new SignInAttempt(SignInOutcome.SignedIn, signedIn);
    }

    private StaffAccount Change(string id, int expectedVersion, string actor, string action, Func<StaffAccount, StaffAccount> change, Func<StaffAccount, string> details, bool endSessions = false)
    {
        var now = Now();
        var result = store.Write(scope =>
        {
            var current = scope.Collection<StaffAccount>().FindById(id) ?? throw new NotFoundException($"There is no staff account with id '{id}'.");
            var changed = change(current with { Version = expectedVersion });
            if (current.IsActiveAdmin && !changed.IsActiveAdmin && !scope.Collection<StaffAccount>().Exists(a => a.Id != id && a.Role == StaffRoles.Admin && !a.Disabled))
            {
                throw new ValidationException($"{current.Email} is the last active admin. Make another account admin first, so that someone can still manage accounts.");
            }

            var updated = scope.Update(changed, $"The account {current.Email}");
            if (endSessions)
            {
                StaffSessions.EndAll(scope, id);
            }

            scope.Audit(now, actor, action, StaffAccount.AuditSubject(updated.Email), details(current));
            return updated;
        }, affectsStatusPage: false);
        sessions.AccountChanged(id);
        return result;
    }

    private static void RefuseExternal(StaffAccount account, string why)
    {
        if (account.IsExternal)
        {
            throw new ValidationException($"{account.Email} signs in through single sign-on, so {why}.");
        }
    }

    /// <summary>A refused sign-in's audit row: kept in read-only mode too, since guessing passwords does not stop then.</summary>
    private void Record(string actor, string action, string subject, string details) =>
        store.Write(scope => scope.Audit(Now(), actor, action, subject, details), affectsStatusPage: false, allowedWhileReadOnly: SystemWrite.SignIn);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
