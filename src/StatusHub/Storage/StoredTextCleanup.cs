using LiteDB;
using StatusHub.Text;

namespace StatusHub.Storage;

/// <summary>
/// Cleans text kept before <see cref="TextPolicy"/> guarded input, so an upgraded store holds only what the services
/// accept now: <c>Name</c> and <c>Title</c> fields at any depth as one line (<see cref="TextPolicy.Line"/>), every other
/// string as a body (<see cref="TextPolicy.Body"/>, which leaves ids, enum names and addresses as they are).
/// </summary>
public static class StoredTextCleanup
{
    /// <summary>What a name that held nothing but control characters becomes; names stay required.</summary>
    public const string Unnamed = "(unnamed)";

    private static readonly HashSet<string> OneLineFields = ["Name", "Title", "IncidentTitle"];

    public static void Apply(LiteDatabase db, IEnumerable<string> collectionNames)
    {
        foreach (var name in collectionNames)
        {
            var collection = db.GetCollection(name);
            foreach (var document in collection.FindAll().ToList())
            {
                if (Clean(document))
                {
                    collection.Update(document);
                }
            }
        }
    }

    /// <returns>Whether anything in <paramref name="document"/> changed.</returns>
    private static bool Clean(BsonDocument document)
    {
        var changed = false;
        foreach (var key in document.Keys.ToList())
        {
            var value = document[key];
            if (value.IsString)
            {
                var cleaned = OneLineFields.Contains(key) ? OneLine(value.AsString) : TextPolicy.Body.Clean(value.AsString);
                if (!string.Equals(cleaned, value.AsString, StringComparison.Ordinal))
                {
                    document[key] = cleaned;
                    changed = true;
                }
            }
            else
            {
                changed |= CleanNested(value);
            }
        }

        return changed;
    }

    private static bool CleanNested(BsonValue value)
    {
        if (value.IsDocument)
        {
            return Clean(value.AsDocument);
        }

        if (!value.IsArray)
        {
            return false;
        }

        var changed = false;
        var array = value.AsArray;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i].IsString && TextPolicy.Body.Clean(array[i].AsString) is var cleaned && !string.Equals(cleaned, array[i].AsString, StringComparison.Ordinal))
            {
                array[i] = cleaned;
                changed = true;
            }
            else
            {
                changed |= CleanNested(array[i]);
            }
        }

        return changed;
    }

    private static string OneLine(string stored) =>
        TextPolicy.Line.Clean(stored) is var cleaned && TextPolicy.ShowsNothing(cleaned) && stored.Trim().Length > 0 ? Unnamed : cleaned;
}
