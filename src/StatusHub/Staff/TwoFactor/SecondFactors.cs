using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using StatusHub.Audit;
using StatusHub.Storage;

namespace StatusHub.Staff.TwoFactor;

/// <summary>A secret being enrolled: shown to the person, and carried by the confirming form only encrypted.</summary>
public sealed record PendingEnrolment(string Secret, string Pending, string Uri);

/// <summary>What became of a code typed at the sign-in step; <see cref="RecoveryCodesLeft"/> is set when a recovery code was spent.</summary>
public sealed record SecondStepAttempt(SignInOutcome Outcome, TimeSpan RetryAfter = default, int? RecoveryCodesLeft = null);

/// <summary>
/// Second factors of staff accounts: enrolling an authenticator app, checking its codes (each time step once) and the
/// recovery codes (each once), and the admin's rule that everyone must have one. Every change is audited.
/// </summary>
public sealed class SecondFactors(LiteStore store, TimeProvider time, IDataProtectionProvider protection, StaffSessions sessions, SignInBackOff backOff, StaffAccountService accounts)
{
    public const string Issuer = "StatusHub";
    public const string WrongCode = "That code is not right, or was used already. Type the code your app shows now.";
    public const string CodeFormat = "Type the 6 digits your authenticator app shows, or a recovery code like abcde-23456.";
    public const string RequiredByAdmin = "An admin requires a second factor for every staff account, so yours cannot be switched off.";
    public const string NotEnrolled = "Your account has no second factor.";
    public const string WrongPassword = "That is not your password.";
    public const string CurrentCodeOnly = "Type the 6 digits your authenticator app shows now (not a recovery code).";
    public static readonly TimeSpan EnrolmentLifetime = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _secrets = protection.CreateProtector("StatusHub.Staff.TwoFactor.Secret");
    private readonly IDataProtector _enrolments = protection.CreateProtector("StatusHub.Staff.TwoFactor.Enrolment");
    private SecondFactorRule? _rule;

    public StaffSecondFactor? Find(string accountId) => store.Collection<StaffSecondFactor>().FindById(accountId);

    /// <summary>Whether the admin requires a second factor of everyone (kept in memory: asked on every staff request).</summary>
    public bool Required => (_rule ??= store.Collection<SecondFactorRule>().FindById(SecondFactorRule.Key) ?? new SecondFactorRule()).Required;

    /// <summary>
    /// An account that may reach nothing but enrolment until it has a second factor. An account signed in through the
    /// company's identity provider (OpenID Connect) never must: the provider enforces its own second factor.
    /// </summary>
    public bool MustEnrol(string accountId) =>
        Required && Find(accountId) is null && store.Collection<StaffAccount>().FindById(accountId) is not { IsExternal: true };

    public PendingEnrolment StartEnrolment(StaffAccount account)
    {
        var secret = OneTimeCodes.NewSecret();
        var expires = time.GetUtcNow() + EnrolmentLifetime;
        var pending = _enrolments.Protect($"{account.Id}\n{secret}\n{expires.UtcTicks}");
        return new PendingEnrolment(secret, pending, OneTimeCodes.EnrolmentUri(secret, Issuer, account.Email));
    }

    /// <summary>The enrolment a form carried, to show again after a wrong code; null once it is no good.</summary>
    public PendingEnrolment? ResumeEnrolment(StaffAccount account, string? pending)
    {
        try
        {
            var secret = PendingSecret(account, pending);
            return new PendingEnrolment(secret, pending!, OneTimeCodes.EnrolmentUri(secret, Issuer, account.Email));
        }
        catch (ValidationException)
        {
            return null;
        }
    }

    /// <summary>Enrols the secret of <paramref name="pending"/> once <paramref name="code"/> proves the app has it; returns the recovery codes, shown this once.</summary>
    public IReadOnlyList<string> ConfirmEnrolment(StaffAccount account, string? pending, string? code)
    {
        var secret = PendingSecret(account, pending);
        var step = Step(secret, code) ?? throw new ValidationException(WrongCode);
        var (codes, hashes) = NewRecoveryCodes(account);
        var now = Now();
        Write(account, scope =>
        {
            if (scope.Collection<StaffSecondFactor>().FindById(account.Id) is not null)
            {
                throw new ValidationException("Your account has a second factor already; switch it off first to enrol another app.");
            }

            scope.Insert(new StaffSecondFactor { Id = account.Id, ProtectedSecret = _secrets.Protect(secret), EnabledAt = now, LastUsedStep = step, RecoveryCodeHashes = hashes });
            return ("staff.2fa-enabled", $"{codes.Count} recovery codes");
        });
        return codes;
    }

    /// <summary>New recovery codes for a current code; the old ones stop working.</summary>
    public IReadOnlyList<string> RegenerateRecoveryCodes(StaffAccount account, string? code, string from)
    {
        Reauthenticate(account, from, "new recovery codes", () => CodeRefusal(account, code));
        var (codes, hashes) = NewRecoveryCodes(account);
        Write(account, scope =>
        {
            var factor = SpendStep(scope, account, code);
            scope.Update(factor with { RecoveryCodeHashes = hashes }, "The second factor");
            return ("staff.2fa-recovery-codes-regenerated", $"{codes.Count} recovery codes");
        });
        return codes;
    }

    /// <summary>Switches the account's second factor off, for a current code or the password; refused while the admin requires it.</summary>
    public void Disable(StaffAccount account, string? code, string? password, string from)
    {
        if (Required)
        {
            throw new ValidationException(RequiredByAdmin);
        }

        if (Find(account.Id) is null)
        {
            throw new ValidationException(NotEnrolled);
        }

        var withPassword = !string.IsNullOrEmpty(password);
        Reauthenticate(account, from, "switching the second factor off",
            () => withPassword ? accounts.PasswordMatches(account, password) ? null : WrongPassword : CodeRefusal(account, code));
        Write(account, scope =>
        {
            if (!withPassword)
            {
                SpendStep(scope, account, code);
            }

            if (!scope.Collection<StaffSecondFactor>().Delete(account.Id))
            {
                throw new ValidationException(NotEnrolled);
            }

            return ("staff.2fa-disabled", withPassword ? "with the password" : "with a code");
        });
    }

    /// <summary>
    /// The sign-in step after the password: a current code, or a recovery code (then spent). Wrong codes count toward the
    /// same back-off as wrong passwords, per email and client.
    /// </summary>
    public SecondStepAttempt SignIn(StaffAccount account, string? typed, string from)
    {
        var subject = StaffAccount.AuditSubject(account.Email);
        var retryAfter = backOff.RetryAfter(account.Email, from);
        if (retryAfter > TimeSpan.Zero)
        {
            Record(from, "staff.sign-in-throttled", subject, "second step");
            return new SecondStepAttempt(SignInOutcome.Throttled, retryAfter);
        }

        var code = TypedCode.Parse(typed);
        var now = Now();
        // A recovery code is checked against the hashes outside the write lock (hashing is slow), then spent inside it if still there.
        var recoveryHash = code is TypedCode.Recovery recovery && Find(account.Id) is { } read
            ? read.RecoveryCodeHashes.FirstOrDefault(h => StaffAccountService.Hasher.VerifyHashedPassword(account, h, recovery.Code) != PasswordVerificationResult.Failed)
            : null;
        var result = store.Write(scope =>
        {
            if (scope.Collection<StaffSecondFactor>().FindById(account.Id) is not { } factor)
            {
                return null;
            }

            if (code is TypedCode.Recovery)
            {
                if (recoveryHash is null || !factor.RecoveryCodeHashes.Contains(recoveryHash))
                {
                    return null;
                }

                var left = factor.RecoveryCodeHashes.Where(h => h != recoveryHash).ToList();
                scope.Update(factor with { RecoveryCodeHashes = left }, "The second factor");
                scope.Audit(now, account.Email, "staff.2fa-recovery-code-used", subject, $"from {from}; {left.Count} left");
                return new SecondStepAttempt(SignInOutcome.SignedIn, RecoveryCodesLeft: left.Count);
            }

            if (AcceptedStep(factor, ((TypedCode.Totp)code).Digits) is not { } step)
            {
                return null;
            }

            scope.Update(factor with { LastUsedStep = step }, "The second factor");
            scope.Audit(now, account.Email, "staff.2fa-passed", subject, $"from {from}");
            return new SecondStepAttempt(SignInOutcome.SignedIn);
        }, affectsStatusPage: false, allowedWhileReadOnly: SystemWrite.SignIn);

        if (result is null)
        {
            backOff.Failed(account.Email, from);
            Record(from, "staff.sign-in-failed", subject, "wrong second-factor code");
            return new SecondStepAttempt(SignInOutcome.Rejected);
        }

        backOff.Succeeded(account.Email, from);
        return result;
    }

    /// <summary>Requires (or no longer requires) a second factor of every staff account. An admin without one cannot require it: it would lock them out.</summary>
    public void SetRequired(StaffAccount admin, bool required)
    {
        if (required && Find(admin.Id) is null)
        {
            throw new ValidationException("Set up your own second factor first: requiring it would otherwise send you to enrolment too.");
        }

        var now = Now();
        _rule = store.Write(scope =>
        {
            var rules = scope.Collection<SecondFactorRule>();
            var rule = new SecondFactorRule { Required = required, ChangedAt = now, By = admin.Email };
            var saved = rules.FindById(SecondFactorRule.Key) is { } current ? scope.Update(rule with { Version = current.Version }, "The second-factor rule") : scope.Insert(rule);
            scope.Audit(now, admin.Email, required ? "staff.2fa-required" : "staff.2fa-not-required", "staff", "");
            return saved;
        }, affectsStatusPage: false);
    }

    /// <summary>The operator's way back in for someone who lost both the app and the recovery codes: removes the second factor and ends the account's sessions.</summary>
    public void Reset(StaffAccount account, string actor)
    {
        var now = Now();
        store.Write(scope =>
        {
            if (!scope.Collection<StaffSecondFactor>().Delete(account.Id))
            {
                throw new ValidationException($"{account.Email} has no second factor; nothing was changed.");
            }

            var ended = StaffSessions.EndAll(scope, account.Id);
            scope.Audit(now, actor, "staff.2fa-reset", StaffAccount.AuditSubject(account.Email), ended == 1 ? "1 session ended" : $"{ended} sessions ended");
        }, affectsStatusPage: false);
        sessions.AccountChanged(account.Id);
    }

    /// <summary>The secret of a pending enrolment, if it was issued to this account and has not expired.</summary>
    private string PendingSecret(StaffAccount account, string? pending)
    {
        const string Expired = "The enrolment expired. Start again: a new secret will be shown.";
        string[] parts;
        try
        {
            parts = _enrolments.Unprotect(pending ?? "").Split('\n');
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new ValidationException(Expired);
        }

        return parts is [var id, var secret, var ticks] && id == account.Id && long.TryParse(ticks, out var expires) && expires > time.GetUtcNow().UtcTicks
            ? secret
            : throw new ValidationException(Expired);
    }

    /// <summary>Checks a current code of the account's app inside a write, and spends its time step.</summary>
    private StaffSecondFactor SpendStep(WriteScope scope, StaffAccount account, string? code)
    {
        var factor = scope.Collection<StaffSecondFactor>().FindById(account.Id) ?? throw new ValidationException(NotEnrolled);
        var step = AcceptedStep(factor, CurrentDigits(code)) ?? throw new ValidationException(WrongCode);
        return scope.Update(factor with { LastUsedStep = step }, "The second factor");
    }

    /// <summary>
    /// Checks the proof a change to the signed-in person's own second factor asks for (<paramref name="refusal"/>: why it
    /// is not good, or null), counted as sign-in attempts are: refused while this client waits, and a wrong password or
    /// code is one more failure for the account and the client, a right one forgives them as at sign-in. A page left
    /// signed in is then no place to guess the password, or the code that would hand out new recovery codes.
    /// </summary>
    private void Reauthenticate(StaffAccount account, string from, string what, Func<string?> refusal)
    {
        var subject = StaffAccount.AuditSubject(account.Email);
        var retryAfter = backOff.RetryAfter(account.Email, from);
        if (retryAfter > TimeSpan.Zero)
        {
            Record(from, "staff.2fa-change-throttled", subject, what);
            throw new TooManyAttemptsException(retryAfter);
        }

        if (refusal() is { } wrong)
        {
            backOff.Failed(account.Email, from);
            Record(from, "staff.2fa-change-refused", subject, $"{what}: {(wrong == WrongPassword ? "wrong password" : "wrong code")}");
            throw new ValidationException(wrong);
        }

        backOff.Succeeded(account.Email, from);
    }

    /// <summary>Why <paramref name="code"/> is no current code of the account's app (the step is spent later, inside the write); null when it is one.</summary>
    private string? CodeRefusal(StaffAccount account, string? code) =>
        AcceptedStep(Find(account.Id) ?? throw new ValidationException(NotEnrolled), CurrentDigits(code)) is null ? WrongCode : null;

    private static string CurrentDigits(string? code) => (TypedCode.Parse(code) as TypedCode.Totp ?? throw new ValidationException(CurrentCodeOnly)).Digits;

    private long? AcceptedStep(StaffSecondFactor factor, string digits) =>
        OneTimeCodes.MatchingStep(_secrets.Unprotect(factor.ProtectedSecret), digits, Now()) is { } step && step > factor.LastUsedStep ? step : null;

    private long? Step(string secret, string? code) =>
        TypedCode.Parse(code) is TypedCode.Totp totp ? OneTimeCodes.MatchingStep(secret, totp.Digits, Now()) : throw new ValidationException(CodeFormat);

    /// <summary>Hashed outside the write lock: hashing is deliberately slow.</summary>
    private static (IReadOnlyList<string> Codes, List<string> Hashes) NewRecoveryCodes(StaffAccount account)
    {
        var codes = OneTimeCodes.NewRecoveryCodes();
        return (codes, [.. codes.Select(c => StaffAccountService.Hasher.HashPassword(account, c))]);
    }

    /// <summary>A change to the account's own second factor: audited under the account, and its open pages re-checked.</summary>
    private void Write(StaffAccount account, Func<WriteScope, (string Action, string Details)> change)
    {
        store.Write(scope =>
        {
            var (action, details) = change(scope);
            scope.Audit(Now(), account.Email, action, StaffAccount.AuditSubject(account.Email), details);
        }, affectsStatusPage: false);
        sessions.AccountChanged(account.Id);
    }

    private void Record(string actor, string action, string subject, string details) =>
        store.Write(scope => scope.Audit(Now(), actor, action, subject, details), affectsStatusPage: false, allowedWhileReadOnly: SystemWrite.SignIn);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
