using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StatusHub.Text;

namespace StatusHub.Channels.Webhooks;

/// <summary>
/// The one check behind every timestamped HMAC-SHA256 signature StatusHub signs or receives (its own webhooks and SMS
/// posts, Grafana's alerts, the Android SMS gateway's callbacks): the timestamp is Unix seconds within a tolerance of now,
/// and the hex HMAC of the signed bytes matches, compared in constant time. Only what is signed differs per sender.
/// </summary>
public static class TimestampedHmac
{
    /// <summary>Unix seconds as a time, or false for anything else (signs, spaces, decimals, beyond the calendar).</summary>
    public static bool TryReadUnixSeconds(string? text, out DateTimeOffset at)
    {
        at = default;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>Whether <paramref name="unixSeconds"/> is a timestamp no further than <paramref name="tolerance"/> from now, either way.</summary>
    public static bool IsFresh(string? unixSeconds, DateTimeOffset now, TimeSpan tolerance) =>
        TryReadUnixSeconds(unixSeconds, out var at) && (now - at).Duration() <= tolerance;

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="message"/> under <paramref name="secret"/>.</summary>
    public static string Hex(string secret, ReadOnlySpan<byte> message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));

    /// <summary>Lower-case hex HMAC-SHA256 of the UTF-8 of <paramref name="message"/>.</summary>
    public static string Hex(string secret, string message) => Hex(secret, Encoding.UTF8.GetBytes(message));

    /// <summary>Whether <paramref name="givenHex"/> (either case, surrounding spaces ignored) is the HMAC of <paramref name="message"/>, in constant time.</summary>
    public static bool Matches(string secret, ReadOnlySpan<byte> message, string? givenHex)
    {
        return SecretText.Same(givenHex?.Trim().ToLowerInvariant(), Hex(secret, message));
    }

    /// <inheritdoc cref="Matches(string, ReadOnlySpan{byte}, string?)"/>
    public static bool Matches(string secret, string message, string? givenHex) => Matches(secret, Encoding.UTF8.GetBytes(message), givenHex);
}
