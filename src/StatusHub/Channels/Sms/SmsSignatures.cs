using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StatusHub.Channels.Sms;

/// <summary>The checks providers' signatures need: HMACs compared in constant time, and HS256 JWTs with their time claims.</summary>
public static class SmsSignatures
{
    /// <summary>How far a signed timestamp may be from now (the Android gateway's advice, and what StatusHub's own posts allow).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// The claims of an HS256 JWT signed with <paramref name="secret"/> whose <c>exp</c>/<c>nbf</c> (when present) hold now
    /// and whose <c>iat</c> (when present) is within <see cref="Tolerance"/>; null otherwise. Only HS256: a token naming
    /// another algorithm (or <c>none</c>) is refused, never trusted.
    /// </summary>
    public static JsonElement? VerifiedJwtClaims(string? token, string secret, DateTimeOffset now)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url(parts[0]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
            {
                return null;
            }

            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url(parts[2])))
            {
                return null;
            }

            using var payload = JsonDocument.Parse(Base64Url(parts[1]));
            var claims = payload.RootElement.Clone();
            var unixNow = now.ToUnixTimeSeconds();
            var leeway = (long)Tolerance.TotalSeconds;
            bool Holds(string name, Func<long, bool> check) =>
                !claims.TryGetProperty(name, out var value) || (value.TryGetInt64(out var seconds) && check(seconds));
            return Holds("exp", exp => unixNow <= exp + leeway) && Holds("nbf", nbf => unixNow >= nbf - leeway) && Holds("iat", iat => Math.Abs(unixNow - iat) <= leeway)
                ? claims
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Claim <paramref name="name"/> as a string, or null.</summary>
    public static string? Claim(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }
}
