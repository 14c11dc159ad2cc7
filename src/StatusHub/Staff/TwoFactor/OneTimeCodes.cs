using System.Security.Cryptography;
using OtpNet;
using StatusHub.Storage;

namespace StatusHub.Staff.TwoFactor;

/// <summary>What a typed code is: an authenticator's 6 digits or a recovery code (<c>abcde-23456</c>), checked for shape before anything else.</summary>
public abstract record TypedCode
{
    public sealed record Totp(string Digits) : TypedCode;

    public sealed record Recovery(string Code) : TypedCode;

    /// <summary>Spaces and the hyphen are optional and capitals are fine (as a person copies them); anything else is <see cref="ValidationException"/>.</summary>
    public static TypedCode Parse(string? typed)
    {
        var compact = new string((typed ?? "").Where(c => c is not (' ' or '-')).ToArray()).ToLowerInvariant();
        if (compact.Length == OneTimeCodes.Digits && compact.All(char.IsAsciiDigit))
        {
            return new Totp(compact);
        }

        if (compact.Length == OneTimeCodes.RecoveryCodeLength && compact.All(c => OneTimeCodes.RecoveryAlphabet.Contains(c)) && (typed ?? "").Length <= 2 * OneTimeCodes.RecoveryCodeLength)
        {
            return new Recovery(OneTimeCodes.FormatRecoveryCode(compact));
        }

        throw new ValidationException(SecondFactors.CodeFormat);
    }
}

/// <summary>RFC 6238 codes (SHA-1, 30-second steps, 6 digits: what every authenticator app reads from a QR code) and recovery codes.</summary>
public static class OneTimeCodes
{
    public const int Digits = 6;
    public const int RecoveryCodeCount = 10;
    public const int RecoveryCodeLength = 10;

    /// <summary>Lower-case letters and digits without the look-alikes 0/o and 1/l/i.</summary>
    public const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    private const int SecretBytes = 20;

    /// <summary>A step late or early: an authenticator's clock a little off, or a code typed just as it changed.</summary>
    private static readonly VerificationWindow Drift = new(previous: 1, future: 1);

    public static string NewSecret() => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The time step <paramref name="digits"/> is right for at <paramref name="now"/> (±1 step), or null.</summary>
    public static long? MatchingStep(string secret, string digits, DateTime now) =>
        new OtpNet.Totp(Base32Encoding.ToBytes(secret)).VerifyTotp(now, digits, out var step, Drift) ? step : null;

    /// <summary>The <c>otpauth://</c> address an authenticator app reads from the QR code.</summary>
    public static string EnrolmentUri(string secret, string issuer, string email) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(email)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period=30";

    public static IReadOnlyList<string> NewRecoveryCodes() =>
        [.. Enumerable.Range(0, RecoveryCodeCount).Select(_ => FormatRecoveryCode(RandomNumberGenerator.GetString(RecoveryAlphabet, RecoveryCodeLength)))];

    internal static string FormatRecoveryCode(string compact) => $"{compact[..5]}-{compact[5..]}";

    /// <summary>The secret in groups of four, easier to type into an app by hand.</summary>
    public static string Grouped(string secret) => string.Join(' ', secret.Chunk(4).Select(c => new string(c)));
}
