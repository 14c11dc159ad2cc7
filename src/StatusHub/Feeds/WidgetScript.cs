using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using StatusHub.Incidents;
using StatusHub.Localization;
using StatusHub.StatusPage;

namespace StatusHub.Feeds;

/// <summary>
/// widget.js, compiled into the assembly, with the words it shows (the overall status, incident states, "Status unavailable")
/// in the page's language: one line of the source, <c>var text = {…};</c>, is the English table, swapped once per language.
/// </summary>
internal static class WidgetScript
{
    private const string TextLine = "  var text = ";

    private static readonly string Source = Read();

    private static readonly ConcurrentDictionary<string, byte[]> ByLanguage = new(StringComparer.Ordinal);

    public static byte[] For(PublicText words) => ByLanguage.GetOrAdd(words.Language, _ => Encoding.UTF8.GetBytes(WithText(words)));

    /// <summary>The script's word table for <paramref name="words"/>'s language, as the one line of JSON the source carries.</summary>
    public static string Text(PublicText words) => JsonSerializer.Serialize(new
    {
        lang = words.Language,
        unavailable = words["Widget.Unavailable"],
        indicator = Enum.GetValues<StatusIndicator>().ToDictionary(i => i.ToWire(), words.Overall),
        incident = Enum.GetValues<IncidentStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => words.Label(s)),
    });

    private static string WithText(PublicText words)
    {
        var start = Source.IndexOf(TextLine, StringComparison.Ordinal) + TextLine.Length;
        var end = Source.IndexOf(";\n", start, StringComparison.Ordinal);
        return string.Concat(Source.AsSpan(0, start), Text(words), Source.AsSpan(end));
    }

    private static string Read()
    {
        using var stream = typeof(WidgetScript).Assembly.GetManifestResourceStream("Feeds/widget.js")
            ?? throw new InvalidOperationException("widget.js is missing from the assembly's resources.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var source = reader.ReadToEnd();
        return source.Contains(TextLine, StringComparison.Ordinal) ? source : throw new InvalidOperationException("widget.js has lost its word table line.");
    }
}
