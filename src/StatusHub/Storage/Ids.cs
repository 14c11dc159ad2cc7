using System.Security.Cryptography;

namespace StatusHub.Storage;

/// <summary>Short, URL-safe identifiers shaped like Statuspage's (12 lowercase letters and digits).</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 12);

    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
