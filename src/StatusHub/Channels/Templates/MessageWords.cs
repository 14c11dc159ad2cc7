using System.Globalization;
using System.Resources;
using StatusHub.Localization;

namespace StatusHub.Channels.Templates;

/// <summary>
/// The fixed words the app itself puts into messages (status names, units, titles, the Telegram bot's answers), one
/// resource per language (<c>MessageWords.{language}.resx</c>); English is the fallback for a missing entry.
/// </summary>
public static class MessageWords
{
    private static readonly ResourceManager Resources = new("StatusHub.Channels.Templates.MessageWords", typeof(MessageWords).Assembly);

    public static string Get(string key, string? language) =>
        Resources.GetString(key, Languages.Culture(language)) ?? throw new ArgumentOutOfRangeException(nameof(key), key, "No such message word.");

    public static string Format(string key, string? language, params object?[] values) =>
        string.Format(Languages.Culture(language), Get(key, language), values);

    /// <summary>
    /// A moment as the language writes it, saying in which zone: "2026-12-04 15:52 UTC", "4. Dezember 2026, 15:52 UTC"; on
    /// a page with its own <paramref name="zone"/>, in that zone with UTC beside it: "2026-12-04 16:52 Europe/Berlin (15:52 UTC)".
    /// </summary>
    public static string Moment(DateTime utc, string? language, TimeZoneInfo? zone = null)
    {
        var culture = Languages.Culture(language);
        if (zone is null || zone == TimeZoneInfo.Utc)
        {
            return utc.ToString(Get("moment.format", language), culture);
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return $"{local.ToString(Get("moment.local_format", language), culture)} {zone.Id} ({utc.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC)";
    }

    /// <summary>"3 hours 30 minutes", "3 Stunden 30 Minuten", "3 horas y 30 minutos": the non-zero units, largest first.</summary>
    public static string Units(string? language, int days = 0, int hours = 0, int minutes = 0, int seconds = 0)
    {
        var parts = new[] { ("day", days), ("hour", hours), ("minute", minutes), ("second", seconds) }
            .Where(p => p.Item2 > 0)
            .Select(p => Format($"unit.{p.Item1}.{(p.Item2 == 1 ? "one" : "other")}", language, p.Item2))
            .DefaultIfEmpty(Format("unit.second.other", language, 0));
        return parts.Aggregate((a, b) => Format("unit.join", language, a, b));
    }
}
