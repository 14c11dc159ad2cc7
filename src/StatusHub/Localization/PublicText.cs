using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;

namespace StatusHub.Localization;

/// <summary>
/// The fixed words of the public pages, the subscribe and preferences pages and the widget in one language, read from
/// PublicText.resx and its .de/.fr/.es siblings. Pages are rendered once and cached, so a lookup happens per render,
/// never per request; staff-written text (titles, updates, component names) never passes through here.
/// </summary>
public sealed class PublicText
{
    private const string BaseName = "StatusHub.Localization.PublicText";

    private static readonly ResourceManager Resources = new(BaseName, typeof(PublicText).Assembly);

    private static readonly ConcurrentDictionary<string, PublicText> ByLanguage = new(StringComparer.Ordinal);

    private PublicText(string language)
    {
        Language = language;
        Culture = Languages.Culture(language);
    }

    /// <summary>What a component rendered outside a public page (a staff page, a unit test) speaks: the staff area stays English.</summary>
    public static PublicText English { get; } = For(Languages.Default);

    /// <summary>A code from <see cref="Languages.Supported"/>; anything else gets English.</summary>
    public string Language { get; }

    /// <summary>The culture dates and numbers are written in.</summary>
    public CultureInfo Culture { get; }

    /// <summary>The text for <paramref name="key"/>; a key missing from the English resource is a programming error, not a fallback.</summary>
    public string this[string key] =>
        Resources.GetString(key, Culture) ?? throw new KeyNotFoundException($"PublicText.resx has no entry '{key}'.");

    /// <summary>The text for <paramref name="key"/>, or null where the resources have none (a name that is data, not a fixed word).</summary>
    public string? Find(string key) => Resources.GetString(key, Culture);

    /// <summary>The text for <paramref name="key"/> with its {0}, {1} … filled in, numbers written in <see cref="Culture"/>.</summary>
    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    /// <summary>"{0} day" or "{0} days" (key.One, key.Other), by the plural rule of the language: French counts 0 and 1 as one.</summary>
    public string Count(string key, long n) => Format(key + (IsOne(n) ? ".One" : ".Other"), n);

    /// <summary>Whether <paramref name="n"/> takes the singular in this language: French counts 0 and 1 as one.</summary>
    public bool IsOne(long n) => Language == "fr" ? n < 2 : n == 1;

    public static PublicText For(string? language) =>
        ByLanguage.GetOrAdd(Languages.Normalize(language) ?? Languages.Default, code => new PublicText(code));

    /// <summary>Every entry one language's own resource holds (not what it falls back to), for the completeness test.</summary>
    public static IReadOnlyDictionary<string, string> OwnEntries(string language)
    {
        var culture = language == Languages.Default ? CultureInfo.InvariantCulture : Languages.Culture(language);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false) is { } set)
        {
            foreach (DictionaryEntry entry in set)
            {
                entries[(string)entry.Key] = entry.Value as string ?? "";
            }
        }

        return entries;
    }
}
