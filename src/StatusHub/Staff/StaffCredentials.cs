using System.Net.Mail;
using StatusHub.Storage;

namespace StatusHub.Staff;

/// <summary>The rules for sign-in names and passwords; each failure is a <see cref="ValidationException"/> a person can act on.</summary>
public static class StaffCredentials
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;

    /// <summary>Trimmed and lower-cased so that one person cannot end up with two accounts by typing capitals.</summary>
    public static string NormaliseEmail(string? email)
    {
        var normalised = Validate.RequiredText(email, "Email", StaffAccount.MaxEmailLength).ToLowerInvariant();
        // MailAddress also accepts "Name <a@b>" and quoted oddities; an account name must be the bare address.
        if (normalised.Any(char.IsWhiteSpace) || !MailAddress.TryCreate(normalised, out var parsed) || parsed.Address != normalised)
        {
            throw new ValidationException($"\"{normalised}\" is not an email address; write it like name@example.com.");
        }

        return normalised;
    }

    public static void CheckPassword(string? password, string email)
    {
        if (string.IsNullOrWhiteSpace(password))
        {
            throw new ValidationException("Password is required.");
        }

        if (password.Length < MinPasswordLength)
        {
            throw new ValidationException(
                $"Password is too short: {password.Length} characters, at least {MinPasswordLength}. A few unrelated words make a long password that is easy to remember.");
        }

        if (password.Length > MaxPasswordLength)
        {
            throw new ValidationException($"Password is too long: {password.Length} characters, at most {MaxPasswordLength}.");
        }

        if (string.Equals(password.Trim(), email, StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException("Password must not be the email address.");
        }
    }

    public static string CheckRole(string? role) =>
        StaffRoles.IsKnown(role)
            ? role!
            : throw new ValidationException($"Role must be \"{StaffRoles.Admin}\" or \"{StaffRoles.Editor}\"{(string.IsNullOrWhiteSpace(role) ? "" : $", not \"{role}\"")}.");
}
