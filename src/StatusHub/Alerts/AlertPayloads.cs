using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Alerts;

/// <summary>
/// Reads the three payloads: Alertmanager's webhook (version 4), Grafana's webhook contact point (the same alerts[] with
/// Grafana's extras) and the generic shape ({"status","fingerprint","title","summary","labels","startsAt"} or {"alerts":[…]}).
/// A malformed body is a <see cref="ValidationException"/> naming what is wrong; a malformed alert in a well-formed
/// batch is refused on its own (<see cref="RefusedAlert"/>), so the others of its group are not lost with it.
/// </summary>
public static class AlertPayloads
{
    public const int MaxAlerts = 500;
    public const int MaxLabels = 64;
    public const int MaxLabelLength = 1_000;

    /// <summary>Longer fingerprints are refused: with the receiver's name in front they are what a draft keeps.</summary>
    public const int MaxFingerprintLength = 200;

    public static AlertBatch Read(string receiver, ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new ValidationException($"The body is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ValidationException("The body must be a JSON object.");
            }

            if (receiver == "alertmanager" && root.TryGetProperty("version", out var version))
            {
                // Alertmanager's webhook documents and sends the version as a string: anything else did not come from it.
                var given = version.ValueKind == JsonValueKind.String
                    ? String(version, "version")
                    : throw new ValidationException($"\"version\" must be a string: Alertmanager sends \"4\", not {Shorten(version.GetRawText())}.");
                if (given != "4")
                {
                    throw new ValidationException($"Alertmanager webhook version {Shorten(given)} is not supported: only version 4.");
                }
            }

            if (root.TryGetProperty("alerts", out var alerts))
            {
                if (alerts.ValueKind != JsonValueKind.Array)
                {
                    throw new ValidationException("\"alerts\" must be an array.");
                }

                if (alerts.GetArrayLength() > MaxAlerts)
                {
                    throw new ValidationException($"At most {MaxAlerts} alerts per request.");
                }

                var common = Labels(root, "commonLabels", "commonLabels");
                var read = new List<IncomingAlert>();
                var refused = new List<RefusedAlert>();
                foreach (var (alert, i) in alerts.EnumerateArray().Select((a, i) => (a, i)))
                {
                    try
                    {
                        read.Add(Alert(alert, common, $"alerts[{i}]"));
                    }
                    catch (ValidationException ex)
                    {
                        refused.Add(new RefusedAlert($"alerts[{i}]", GivenFingerprint(alert), ex.Message));
                    }
                }

                return new AlertBatch(read, refused);
            }

            if (receiver != "generic")
            {
                throw new ValidationException("The payload has no \"alerts\" array.");
            }

            return new AlertBatch([Alert(root, new Dictionary<string, string>(), "the body")], []);
        }
    }

    private static IncomingAlert Alert(JsonElement alert, IReadOnlyDictionary<string, string> common, string where)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException($"{where} must be an object.");
        }

        var labels = new Dictionary<string, string>(common, StringComparer.Ordinal);
        foreach (var (key, value) in Labels(alert, "labels", $"{where}.labels"))
        {
            labels[key] = value;
        }

        var annotations = Labels(alert, "annotations", $"{where}.annotations");
        var status = Text(alert, "status", where) ?? throw new ValidationException($"{where} has no \"status\" (firing or resolved).");
        var firing = status switch
        {
            "firing" or "alerting" => true,
            "resolved" or "ok" => false,
            _ => throw new ValidationException($"{where}: status \"{Shorten(status)}\" is neither firing nor resolved."),
        };
        var title = Text(alert, "title", where);
        var name = labels.GetValueOrDefault("alertname") ?? title ?? "alert";
        var fingerprint = Text(alert, "fingerprint", where) is { Length: > 0 } given ? given : Fingerprint(labels, title);
        return new IncomingAlert(
            Validate.RequiredText(fingerprint, $"{where}.fingerprint", MaxFingerprintLength),
            firing,
            Validate.RequiredText(Shorten(name), $"{where} name", 200),
            title,
            annotations.GetValueOrDefault("summary") ?? Text(alert, "summary", where),
            annotations.GetValueOrDefault("description") ?? Text(alert, "description", where),
            labels,
            Time(alert, "startsAt", where));
    }

    private static Dictionary<string, string> Labels(JsonElement parent, string property, string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!parent.TryGetProperty(property, out var labels) || labels.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (labels.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException($"{field} must be an object of strings.");
        }

        foreach (var label in labels.EnumerateObject())
        {
            if (result.Count == MaxLabels)
            {
                throw new ValidationException($"{field} has more than {MaxLabels} entries.");
            }

            var key = Validate.Text(Name(label, field), TextPolicy.Line, field, 200);
            if (label.Value.ValueKind != JsonValueKind.String)
            {
                throw new ValidationException($"{field}.{Shorten(key)} must be a string.");
            }

            result[key] = Validate.Text(String(label.Value, $"{field}.{Shorten(key)}"), TextPolicy.Body, $"{field}.{Shorten(key)}", MaxLabelLength);
        }

        return result;
    }

    /// <summary>The fingerprint of an alert refused for something else, when it is readable, so the answer can name it.</summary>
    private static string? GivenFingerprint(JsonElement alert)
    {
        try
        {
            return alert.ValueKind == JsonValueKind.Object && Text(alert, "fingerprint", "") is { Length: > 0 and <= MaxFingerprintLength } given
                ? Validate.RequiredText(given, "fingerprint", MaxFingerprintLength)
                : null;
        }
        catch (ValidationException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement parent, string property, string where) =>
        parent.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String
                ? Validate.Text(String(value, $"{where}.{property}"), TextPolicy.Body, $"{where}.{property}", MaxLabelLength)
                : throw new ValidationException($"{where}.{property} must be a string.")
            : null;

    private static DateTime? Time(JsonElement parent, string property, string where)
    {
        var text = Text(parent, property, where);
        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            throw new ValidationException($"{where}.{property} \"{Shorten(text)}\" is not a time (RFC 3339).");
        }

        // Alertmanager sends 0001-01-01T00:00:00Z for "not ended"; such a time means nothing.
        return at.Year < 2000 ? null : at.UtcDateTime;
    }

    /// <summary>
    /// The one place a string leaves the payload: JSON that parses may still hold bytes that are not UTF-8 or an escaped
    /// half of a surrogate pair (\ud800), which .NET only refuses when the string is read.
    /// </summary>
    private static string String(JsonElement value, string field)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw Unreadable(field);
        }
    }

    private static string Name(JsonProperty property, string parent)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw Unreadable($"a name in {parent}");
        }
    }

    private static ValidationException Unreadable(string field) =>
        new($"{field} is not text: it holds bytes that are not UTF-8 or half of a surrogate pair (\\ud800–\\udfff).");

    /// <summary>
    /// For a source that sends none: the same labels always give the same fingerprint. Without an alertname label the
    /// title names the alert, so it counts too: "Disk full" and "Queue growing" of one service are two alerts, and the
    /// first resolving must not read as the second resolving.
    /// </summary>
    private static string Fingerprint(IReadOnlyDictionary<string, string> labels, string? title)
    {
        var named = title is null || labels.ContainsKey("alertname") ? labels : new Dictionary<string, string>(labels) { ["\0title"] = title };
        var text = string.Join('\n', named.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string Shorten(string text) => Ellipsis.Shorten(text, 60);
}
