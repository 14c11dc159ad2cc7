using System.Security.Cryptography;
using System.Text;

namespace StatusHub.Text;

/// <summary>
/// The one comparison of a secret someone presents (a bearer token, a webhook's secret header, a provider's or sender's
/// signature) with the one StatusHub expects. Both sides are hashed first, so the time it takes depends on neither where
/// they differ nor whether their lengths do.
/// </summary>
public static class SecretText
{
    /// <summary>Whether <paramref name="given"/> is exactly <paramref name="expected"/>, in constant time; false for null.</summary>
    public static bool Same(string? given, string expected) =>
        given is not null &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
