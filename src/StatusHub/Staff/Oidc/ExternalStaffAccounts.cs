using System.Security.Claims;
using StatusHub.Audit;
using StatusHub.Storage;

namespace StatusHub.Staff.Oidc;

/// <summary>Why the provider's word was not enough; each has its own sentence on the refusal page.</summary>
public enum OidcRefusal
{
    NoRole,
    Disabled,
    NoEmail,
    EmailTaken,
}

/// <summary>What became of one sign-in through the provider: the account as it is now, or why it was refused.</summary>
public sealed record ExternalSignIn(StaffAccount? Account, OidcRefusal? Refusal);

/// <summary>
/// Staff accounts of the identity provider: found by issuer and <c>sub</c>, created at the first sign-in, and given the
/// role, email and name the provider's claims carry at every sign-in. They have no password. Every outcome is audited.
/// </summary>
public sealed class ExternalStaffAccounts(LiteStore store, TimeProvider time, StaffSessions sessions, OidcSetup setup)
{
    public const int MaxDisplayNameLength = 100;
    private const int MaxListedValues = 5;
    private const int MaxListedValueLength = 60;

    /// <param name="identity">The claims of a validated id_token, as the provider named them (not mapped).</param>
    public ExternalSignIn SignIn(ClaimsPrincipal identity, string from)
    {
        var options = setup.Options;
        var issuer = identity.FindFirstValue("iss") ?? throw new InvalidOperationException("A validated id_token without iss.");
        var subject = identity.FindFirstValue("sub") ?? throw new InvalidOperationException("A validated id_token without sub.");
        var values = identity.FindAll(options.RoleClaim).Select(c => c.Value).ToList();
        var role = options.RoleFor(values);
        var email = EmailOf(identity);
        var name = identity.FindFirstValue("name") is { } given ? StaffSessions.Cleaned(given, MaxDisplayNameLength) : null;
        var now = time.GetUtcNow().UtcDateTime;

        var result = store.Write(scope =>
        {
            var accounts = scope.Collection<StaffAccount>();
            var known = accounts.FindOne(a => a.ExternalIssuer == issuer && a.ExternalSubject == subject);
            var knownId = known?.Id ?? "";
            var auditSubject = StaffAccount.AuditSubject(known?.Email ?? email ?? $"{issuer} {subject}");
            var refusal = (role, known, email) switch
            {
                (null, _, _) => (OidcRefusal.NoRole, $"no value of the {options.RoleClaim} claim is an admin or editor value (it had {Listed(values)})"),
                (_, { Disabled: true }, _) => (OidcRefusal.Disabled, "account disabled"),
                (_, _, null) => (OidcRefusal.NoEmail, "the provider sent no usable email claim"),
                _ when accounts.Exists(a => a.Email == email && a.Id != knownId) => (OidcRefusal.EmailTaken, $"another account already uses {email}"),
                _ => ((OidcRefusal Reason, string Details)?)null,
            };
            if (refusal is { } refused)
            {
                // Whoever the provider no longer lets in keeps no session open here either.
                var ended = known is null ? 0 : StaffSessions.EndAll(scope, known.Id);
                scope.Audit(now, from, "staff.sign-in-refused", auditSubject, $"single sign-on through {issuer}: {refused.Details}{(ended > 0 ? $"; ended {ended} open session(s)" : "")}");
                return new ExternalSignIn(known, refused.Reason);
            }

            var account = known is null ? Create(scope, issuer, subject, email!, role!, name, now) : Update(scope, known, email!, role!, name, now);
            scope.Audit(now, account.Email, "staff.signed-in", StaffAccount.AuditSubject(account.Email), $"through single sign-on from {from}");
            return new ExternalSignIn(account, null);
        }, affectsStatusPage: false, allowedWhileReadOnly: SystemWrite.SignIn);

        if (result.Account is { } changed)
        {
            // A new role or an ended session applies to the pages and cookies already open.
            sessions.AccountChanged(changed.Id);
        }

        return result.Refusal is null ? result : result with { Account = null };
    }

    private static StaffAccount Create(WriteScope scope, string issuer, string subject, string email, string role, string? name, DateTime now)
    {
        var account = scope.Insert(new StaffAccount
        {
            Id = Ids.New(),
            Email = email,
            Role = role,
            PasswordHash = "",
            CreatedAt = now,
            LastSignInAt = now,
            ExternalIssuer = issuer,
            ExternalSubject = subject,
            DisplayName = name,
        });
        scope.Audit(now, email, "staff.created", StaffAccount.AuditSubject(email), $"role {role}, external: single sign-on through {issuer}");
        return account;
    }

    private static StaffAccount Update(WriteScope scope, StaffAccount known, string email, string role, string? name, DateTime now)
    {
        var account = scope.Update(known with { Email = email, Role = role, DisplayName = name, LastSignInAt = now }, $"The account {known.Email}");
        if (known.Role != role)
        {
            scope.Audit(now, email, "staff.role-changed", StaffAccount.AuditSubject(email), $"{known.Role} → {role}, by the identity provider's claim");
        }

        if (known.Email != email)
        {
            scope.Audit(now, email, "staff.email-changed", StaffAccount.AuditSubject(email), $"{known.Email} → {email}, by the identity provider's claim");
        }

        return account;
    }

    /// <summary><c>email</c>, else a sign-in name that is an address (Entra's <c>preferred_username</c> or <c>upn</c>); null when none is.</summary>
    private static string? EmailOf(ClaimsPrincipal identity)
    {
        foreach (var type in (string[])["email", "preferred_username", "upn"])
        {
            try
            {
                if (identity.FindFirstValue(type) is { } value)
                {
                    return StaffCredentials.NormaliseEmail(value);
                }
            }
            catch (ValidationException)
            {
            }
        }

        return null;
    }

    private static string Listed(IReadOnlyList<string> values) =>
        values.Count == 0
            ? "none"
            : string.Join(", ", values.Take(MaxListedValues).Select(v => $"\"{StaffSessions.Cleaned(v, MaxListedValueLength)}\"")) + (values.Count > MaxListedValues ? $" and {values.Count - MaxListedValues} more" : "");
}
