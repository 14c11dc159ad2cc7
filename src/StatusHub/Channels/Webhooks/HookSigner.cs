using System.Globalization;

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
        return (timestamp, "sha256=" + TimestampedHmac.Hex(secret, Signed(timestamp, body)));
    }

    /// <summary>What a receiver does: same HMAC, compared in constant time, and a timestamp no older than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string body, string? timestamp, string? signature, DateTimeOffset now, TimeSpan tolerance) =>
        signature is not null && signature.StartsWith("sha256=", StringComparison.Ordinal) &&
        TimestampedHmac.IsFresh(timestamp, now, tolerance) &&
        TimestampedHmac.Matches(secret, Signed(timestamp!, body), signature["sha256=".Length..]);

    private static string Signed(string timestamp, string body) => $"{timestamp}.{body}";
}
