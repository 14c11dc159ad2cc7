using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Text;

namespace StatusHub.Feeds;

/// <summary>
/// A two-part SVG badge ("API | Partial outage") for READMEs and dashboards. The status is written out, so it reads
/// without the colour; the colours are the status page's own.
/// </summary>
public static class StatusBadge
{
    private const int Height = 20;
    private const int Padding = 6;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static byte[] ForPage(StatusSnapshot snapshot, StatusPageOptions options) =>
        Draw(options.Name, options.Words.Overall(snapshot.Overall.Indicator), Colour(snapshot.Overall.Indicator));

    public static byte[] ForComponent(ComponentScope scope, Localization.PublicText? words = null) =>
        Draw(scope.Name, (words ?? Localization.PublicText.English).Label(scope.Status), Colour(scope.Status));

    public static string Colour(ComponentStatus status) => status switch
    {
        ComponentStatus.Operational => "#1a7f37",
        ComponentStatus.UnderMaintenance => "#0969da",
        ComponentStatus.DegradedPerformance => "#9a6700",
        ComponentStatus.PartialOutage => "#bc4c00",
        ComponentStatus.MajorOutage => "#cf222e",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The banner's mapping: minor is degraded, major a partial outage, critical a major outage.</summary>
    public static string Colour(StatusIndicator indicator) => Colour(indicator switch
    {
        StatusIndicator.None => ComponentStatus.Operational,
        StatusIndicator.Maintenance => ComponentStatus.UnderMaintenance,
        StatusIndicator.Minor => ComponentStatus.DegradedPerformance,
        StatusIndicator.Major => ComponentStatus.PartialOutage,
        StatusIndicator.Critical => ComponentStatus.MajorOutage,
        _ => throw new ArgumentOutOfRangeException(nameof(indicator)),
    });

    /// <summary>XElement escapes the names staff typed; nothing here is put together as markup text.</summary>
    private static byte[] Draw(string label, string message, string colour)
    {
        var labelWidth = TextWidth(label) + (2 * Padding);
        var messageWidth = TextWidth(message) + (2 * Padding);
        var width = labelWidth + messageWidth;
        var title = $"{label}: {message}";
        var svg = new XElement(
            Svg + "svg",
            new XAttribute("width", width),
            new XAttribute("height", Height),
            new XAttribute("role", "img"),
            new XAttribute("aria-label", title),
            new XElement(Svg + "title", title),
            new XElement(
                Svg + "linearGradient",
                new XAttribute("id", "shine"),
                new XAttribute("x2", "0"),
                new XAttribute("y2", "100%"),
                new XElement(Svg + "stop", new XAttribute("offset", "0"), new XAttribute("stop-color", "#bbb"), new XAttribute("stop-opacity", ".1")),
                new XElement(Svg + "stop", new XAttribute("offset", "1"), new XAttribute("stop-opacity", ".1"))),
            new XElement(
                Svg + "clipPath",
                new XAttribute("id", "round"),
                new XElement(Svg + "rect", new XAttribute("width", width), new XAttribute("height", Height), new XAttribute("rx", "3"), new XAttribute("fill", "#fff"))),
            new XElement(
                Svg + "g",
                new XAttribute("clip-path", "url(#round)"),
                new XElement(Svg + "rect", new XAttribute("width", labelWidth), new XAttribute("height", Height), new XAttribute("fill", "#555")),
                new XElement(Svg + "rect", new XAttribute("class", "status"), new XAttribute("x", labelWidth), new XAttribute("width", messageWidth), new XAttribute("height", Height), new XAttribute("fill", colour)),
                new XElement(Svg + "rect", new XAttribute("width", width), new XAttribute("height", Height), new XAttribute("fill", "url(#shine)"))),
            new XElement(
                Svg + "g",
                new XAttribute("fill", "#fff"),
                new XAttribute("text-anchor", "middle"),
                new XAttribute("font-family", "Verdana,Geneva,DejaVu Sans,sans-serif"),
                new XAttribute("font-size", "11"),
                new XElement(Svg + "text", new XAttribute("x", Middle(0, labelWidth)), new XAttribute("y", "14"), label),
                new XElement(Svg + "text", new XAttribute("x", Middle(labelWidth, messageWidth)), new XAttribute("y", "14"), message)));
        using var output = new MemoryStream();
        using (var writer = CleanXmlWriter.Open(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true }))
        {
            svg.Save(writer);
        }

        return output.ToArray();
    }

    /// <summary>Verdana 11px is roughly this wide; good enough to size a badge without a font file on the server.</summary>
    private static int TextWidth(string text)
    {
        var width = 0.0;
        foreach (var c in text)
        {
            width += c switch
            {
                'i' or 'l' or 'j' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' => 3.5,
                ' ' or 'f' or 't' or 'r' or 'I' or '(' or ')' or '-' => 4.5,
                'm' or 'w' or 'M' or 'W' => 10.5,
                _ when char.IsUpper(c) => 7.5,
                _ when char.IsDigit(c) => 7,
                _ => 6.5,
            };
        }

        return (int)Math.Ceiling(width);
    }

    private static string Middle(int start, int width) => (start + (width / 2.0)).ToString("0.#", CultureInfo.InvariantCulture);
}
