using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StatusHub.Channels.Webhooks;

/// <summary>
/// Signs outbound HTTP posts (SMS gateway and webhooks) so receivers can check they came from us and are fresh:
/// <c>X-StatusHub-Timestamp: {unix seconds}</c> and <c>X-StatusHub-Signature: sha256={hex HMAC-SHA256(secret, "{timestamp}.{body}")}</c>.
/// </summary>
public static class HookSigner
{
    public const string TimestampHeader = "X-StatusHub-Timestamp";
    public const string SignatureHeader = "X-StatusHub-Signature";

    public static (string Timestamp, string Signature) Sign(string secret, string body, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (timestamp, "sha256=" + Hex(secret, timestamp, body));
    }

    /// <summary>What a receiver does: same HMAC, compared in constant time, and a timestamp no older than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string body, string? timestamp, string? signature, DateTimeOffset now, TimeSpan tolerance)
    {
        if (timestamp is null || signature is null || !signature.StartsWith("sha256=", StringComparison.Ordinal) ||
            !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Hex(secret, timestamp, body));
        var actual = Encoding.ASCII.GetBytes(signature["sha256=".Length..]);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static string Hex(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
