using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StatusHub.Text;

namespace StatusHub.ManageApi;

/// <summary>
/// Reads a management API body: JSON of at most <see cref="MaxBodyBytes"/>, checked against the body's record before it
/// is bound, so a refusal names the field as it is written on the wire (<c>incident.status</c>) and what it must be in
/// plain words. An unknown or repeated field is refused too: a misspelt <c>deliver_notifications</c> must not pass as its default.
/// </summary>
public static class ManageBodyReader
{
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        MaxDepth = 16,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static async Task<T> ReadAsync<T>(HttpContext http) where T : class
    {
        if (http.Request.ContentLength is > MaxBodyBytes)
        {
            throw new BadRequestException($"The body is {http.Request.ContentLength} bytes; at most {MaxBodyBytes} are accepted.", StatusCodes.Status413PayloadTooLarge);
        }

        if (!http.Request.HasJsonContentType())
        {
            throw new BadRequestException("Send the body as JSON with 'Content-Type: application/json'.", StatusCodes.Status415UnsupportedMediaType);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BadRequestException($"The body is over {MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        var example = Example(typeof(T));
        if (buffer.Length == 0)
        {
            throw new BadRequestException($"The body is empty; send {example}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = Options.MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new BadRequestException($"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {Reason(ex.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                throw new BadRequestException($"The body is empty (null); send {example}.");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new BadRequestException($"The body must be a JSON object, {example}, not {Kind(root)}.");
            }

            Check(root, typeof(T), "");
            try
            {
                return root.Deserialize<T>(Options) ?? throw new BadRequestException($"The body is empty; send {example}.");
            }
            catch (JsonException)
            {
                throw new BadRequestException($"The body is not the JSON expected; send {example}.");
            }
        }
    }

    private static void Check(JsonElement element, Type type, string path)
    {
        var info = Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                Expect(element, JsonValueKind.Object, path, "an object");
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    var where = Join(path, member.Name);
                    if (!seen.Add(member.Name))
                    {
                        throw new BadRequestException($"{where} is given twice; give it once.");
                    }

                    var property = info.Properties.FirstOrDefault(p => p.Name == member.Name) ?? throw Unknown(info, member.Name, path);
                    if (member.Value.ValueKind != JsonValueKind.Null)
                    {
                        Check(member.Value, property.PropertyType, where);
                    }
                }

                break;
            case JsonTypeInfoKind.Dictionary:
                Expect(element, JsonValueKind.Object, path, "an object");
                foreach (var member in element.EnumerateObject())
                {
                    CheckItem(member.Value, info.ElementType!, Join(path, Ellipsis.Shorten(member.Name, 40)));
                }

                break;
            case JsonTypeInfoKind.Enumerable:
                Expect(element, JsonValueKind.Array, path, "an array");
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckItem(item, info.ElementType!, $"{path}[{index++}]");
                }

                break;
            default:
                CheckValue(element, Nullable.GetUnderlyingType(type) ?? type, path);
                break;
        }
    }

    private static void CheckItem(JsonElement item, Type type, string path)
    {
        if (item.ValueKind == JsonValueKind.Null)
        {
            throw new BadRequestException($"{path} must be {Expected(type)}, not null.");
        }

        Check(item, type, path);
    }

    private static void CheckValue(JsonElement element, Type type, string path)
    {
        var fits = type == typeof(string) ? element.ValueKind == JsonValueKind.String
            : type == typeof(bool) ? element.ValueKind is JsonValueKind.True or JsonValueKind.False
            : type == typeof(DateTimeOffset) ? element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out _)
            : type == typeof(int) ? element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out _)
            : throw new InvalidOperationException($"A management API body holds a {type.Name}; say here how it is checked.");
        if (!fits)
        {
            var tooLarge = type == typeof(int) && element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var number) && decimal.Truncate(number) == number;
            throw new BadRequestException(tooLarge
                ? $"{path} must be a whole number from {int.MinValue} to {int.MaxValue}, not {Kind(element)}."
                : $"{path} must be {Expected(type)}, not {Kind(element)}.");
        }
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string path, string expected)
    {
        if (element.ValueKind != kind)
        {
            throw new BadRequestException($"{path} must be {expected}, not {Kind(element)}.");
        }
    }

    private static BadRequestException Unknown(JsonTypeInfo info, string name, string path)
    {
        var fields = info.Properties.Select(p => p.Name).ToList();
        var meant = fields.FirstOrDefault(f => ManageQuery.Loose(f) == ManageQuery.Loose(name));
        var where = Join(path, Ellipsis.Shorten(name, 40));
        if (path.Length == 0)
        {
            return new BadRequestException($"{where} is not a field of the body: the body wraps the fields in one object, {Example(info.Type)}.");
        }

        return new BadRequestException(meant is null
            ? $"{where} is not a field of {path}; the fields are {string.Join(", ", fields)}."
            : $"{where} is not a field of {path}: did you mean {meant}? The fields are {string.Join(", ", fields)}.");
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? "a string"
            : type == typeof(bool) ? "true or false"
            : type == typeof(DateTimeOffset) ? "a date and time in ISO 8601 (e.g. 2026-12-01T02:00:00Z)"
            : type == typeof(int) ? "a whole number"
            : Options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Enumerable ? "an array"
            : "an object";
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"'{Ellipsis.Shorten(element.GetString()!, 40)}'",
        JsonValueKind.Number => Ellipsis.Shorten(element.GetRawText(), 40),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>e.g. {"incident":{…}}: the body's one field, the object it wraps.</summary>
    private static string Example(Type type) => $"{{\"{Options.GetTypeInfo(type).Properties.Single().Name}\":{{…}}}}";

    /// <summary>The reader's own words without its position suffix (the caller says it more plainly) or advice about its options.</summary>
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var sentences = (cut < 0 ? message : message[..cut]).Trim().TrimEnd('.').Split(". ")
            .Where(sentence => !sentence.Contains("option", StringComparison.OrdinalIgnoreCase));
        return string.Join(". ", sentences) + ".";
    }
}
