using System.Globalization;

namespace StatusHub.Localization;

/// <summary>
/// The languages StatusHub ships complete: the public pages, the subscribe and preferences pages, the widget and the
/// built-in message templates exist in each. Codes are two-letter ISO 639-1, lower case.
/// </summary>
public static class Languages
{
    public const string Default = "en";

    public static IReadOnlyList<string> Supported { get; } = ["en", "de", "fr", "es"];

    /// <summary>The supported code for "de", "DE", "de-AT" or "de_CH"; null for anything else (including empty).</summary>
    public static string? Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 35)
        {
            return null;
        }

        var primary = code.Trim().Split('-', '_')[0].ToLowerInvariant();
        return Supported.Contains(primary) ? primary : null;
    }

    /// <summary>The culture dates and numbers are written in for a supported code (falls back to English).</summary>
    public static CultureInfo Culture(string? code) => CultureInfo.GetCultureInfo(Normalize(code) ?? Default);
}
