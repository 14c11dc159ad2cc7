using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using StatusHub.Audit;
using StatusHub.Storage;

namespace StatusHub.Staff;

/// <summary>The one outstanding setup token, kept only as a hash: a copy of the database file cannot be used to claim the site.</summary>
public sealed record SetupToken
{
    public const string SingletonId = "first-admin";

    public string Id { get; init; } = SingletonId;
    public required string Hash { get; init; }
    public DateTime ExpiresAt { get; init; }
}

/// <summary>
/// Lets whoever can read the server's console create the first admin in the browser,
/// for installs where nobody runs <c>admin create</c> first.
/// </summary>
public sealed class FirstAdminSetup(LiteStore store, StaffAccountService accounts, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public bool IsDone => accounts.AnyExist();

    /// <summary>A fresh token replacing any earlier one, or null once an account exists.</summary>
    public string? IssueToken()
    {
        // Looked at before the write too, so a read-only store with accounts is not asked to write at all.
        if (store.Collection<StaffAccount>().Exists(LiteDB.Query.All()))
        {
            return null;
        }

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var expiresAt = time.GetUtcNow().UtcDateTime + Lifetime;
        return store.Write(scope =>
        {
            if (scope.Collection<StaffAccount>().Exists(LiteDB.Query.All()))
            {
                return null;
            }

            scope.Collection<SetupToken>().Upsert(new SetupToken { Hash = Hash(token), ExpiresAt = expiresAt });
            return token;
        }, affectsStatusPage: false);
    }

    /// <summary>Why <paramref name="token"/> cannot be used, or null when it can.</summary>
    public string? Problem(string? token) => Check(store.Collection<SetupToken>().FindById(SetupToken.SingletonId), token);

    /// <summary>Creates the first admin and voids the token, in one transaction.</summary>
    public StaffAccount Complete(string? token, string email, string password, string confirmation)
    {
        if (password != confirmation)
        {
            throw new ValidationException("The two passwords differ; type the same password twice.");
        }

        var account = accounts.NewAccount(email, StaffRoles.Admin, password);
        return store.Write(scope =>
        {
            if (scope.Collection<StaffAccount>().Exists(LiteDB.Query.All()))
            {
                throw new ValidationException("Setup is already done. Sign in, or ask an admin for an account.");
            }

            var stored = scope.Collection<SetupToken>().FindById(SetupToken.SingletonId);
            if (Check(stored, token) is { } problem)
            {
                throw new ValidationException(problem);
            }

            scope.Collection<SetupToken>().Delete(SetupToken.SingletonId);
            // The setup form signs its admin in: that is their first sign-in.
            return accounts.Insert(scope, account with { LastSignInAt = time.GetUtcNow().UtcDateTime }, "setup link");
        }, affectsStatusPage: false);
    }

    private string? Check(SetupToken? stored, string? token)
    {
        if (stored is null || string.IsNullOrEmpty(token) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored.Hash), Encoding.ASCII.GetBytes(Hash(token))))
        {
            return "This setup link is not valid. Use the newest link printed in the server's log, or create the admin with `admin create` on the server.";
        }

        return stored.ExpiresAt <= time.GetUtcNow().UtcDateTime
            ? "This setup link has expired. Restart StatusHub to print a new one, or create the admin with `admin create` on the server."
            : null;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
