using System.Text.Json;
using System.Text.RegularExpressions;

namespace StatusHub.Tests.PublicApi;

/// <summary>
/// What a JSON document looks like without its values: for every path ("incidents[].incident_updates[].body") the
/// kinds of value found there (string, number, boolean, null, object, array, and Statuspage's "time" and "date"
/// formats) and the key sets of the objects found there.
/// </summary>
public sealed partial class JsonShape
{
    private readonly Dictionary<string, SortedSet<string>> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _keySets = new(StringComparer.Ordinal);

    private JsonShape()
    {
    }

    public static JsonShape Of(string json)
    {
        using var document = JsonDocument.Parse(json);
        var shape = new JsonShape();
        shape.Walk(document.RootElement, "$");
        return shape;
    }

    /// <summary>
    /// How <paramref name="actual"/> differs from this recorded answer, one sentence a difference. Both ways count: a
    /// field Statuspage never sends is as wrong as a recorded one StatusHub never showed, so the data behind
    /// <paramref name="actual"/> must be rich enough to fill every recorded field. A value's kind is judged against
    /// every recording in <paramref name="statuspage"/>: a component's start_date is a date in one answer and null in
    /// another, and either is right wherever a component appears.
    /// </summary>
    public IReadOnlyList<string> Differences(JsonShape actual, IEnumerable<JsonShape> statuspage)
    {
        var kindsByField = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (path, kinds) in statuspage.Append(this).SelectMany(shape => shape._kinds))
        {
            foreach (var kind in kinds)
            {
                Add(kindsByField, Field(path), kind);
            }
        }

        var differences = new List<string>();
        foreach (var path in actual._kinds.Keys.Except(_kinds.Keys).Order(StringComparer.Ordinal))
        {
            differences.Add($"{path} is not in Statuspage's answer");
        }

        foreach (var path in _kinds.Keys.Except(actual._kinds.Keys).Order(StringComparer.Ordinal))
        {
            differences.Add($"{path} is in Statuspage's answer but never in StatusHub's");
        }

        foreach (var (path, recorded) in _kinds.Where(p => actual._kinds.ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var ours = actual._kinds[path];
            var allowed = kindsByField[Field(path)];
            foreach (var kind in ours.Where(k => !allowed.Contains(k)))
            {
                differences.Add($"{path} is {kind} in StatusHub's answer; Statuspage sends {string.Join(" or ", allowed)}");
            }

            foreach (var kind in recorded.Where(k => k != "null" && !ours.Contains(k)))
            {
                differences.Add($"{path} is {kind} in Statuspage's answer but never in StatusHub's");
            }
        }

        foreach (var (path, recorded) in _keySets.Where(p => actual._keySets.ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var keys in actual._keySets[path].Except(recorded))
            {
                differences.Add($"{path} has an object with keys [{keys}] that Statuspage's answer has not");
            }

            foreach (var keys in recorded.Except(actual._keySets[path]))
            {
                differences.Add($"{path} has an object with keys [{keys}] in Statuspage's answer but never in StatusHub's");
            }
        }

        return differences;
    }

    private void Walk(JsonElement element, string path)
    {
        Add(_kinds, path, Kind(element));
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = element.EnumerateObject().Select(p => p.Name).ToList();
                Add(_keySets, path, string.Join(",", names.Order(StringComparer.Ordinal)));
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, path + "[]");
                }

                break;
        }
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String when Time().IsMatch(element.GetString()!) => "time",
        JsonValueKind.String when Date().IsMatch(element.GetString()!) => "date",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => throw new ArgumentOutOfRangeException(nameof(element)),
    };

    /// <summary>The field and the object holding it ("components[].start_date"), whatever that object sits in.</summary>
    private static string Field(string path)
    {
        var last = path.LastIndexOf('.');
        return last < 0 ? path : path[(path.LastIndexOf('.', last - 1) + 1)..];
    }

    private static void Add<T>(Dictionary<string, T> map, string path, string value)
        where T : ISet<string>, new()
    {
        if (!map.TryGetValue(path, out var set))
        {
            map[path] = set = new T();
        }

        set.Add(value);
    }

    /// <summary>Statuspage's timestamps for a page in Etc/UTC: milliseconds and a Z.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex Time();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex Date();
}
