using System.Text.RegularExpressions;
using StatusHub.Localization;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.Localization;

/// <summary>PublicText.resx and its siblings: every language complete, and dates, numbers and durations written its way.</summary>
public partial class PublicTextTests
{
    public static TheoryData<string> Translations => [.. Languages.Supported.Where(l => l != Languages.Default)];

    [Theory]
    [MemberData(nameof(Translations))]
    public void EveryEnglishKeyIsTranslatedWithNothingEmptyOrLeftAsAPlaceholder(string language)
    {
        var english = PublicText.OwnEntries(Languages.Default);
        var translated = PublicText.OwnEntries(language);

        Assert.True(english.Count > 200, $"The English resource has only {english.Count} entries.");
        Assert.Empty(english.Keys.Except(translated.Keys).Order());
        Assert.Empty(translated.Keys.Except(english.Keys).Order());
        foreach (var (key, text) in translated)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{language}: {key} is empty.");
            Assert.False(text == key || Placeholder().IsMatch(text), $"{language}: {key} is a placeholder: \"{text}\".");
            Assert.True(Arguments(english[key]).SetEquals(Arguments(text)), $"{language}: {key} fills in other arguments than English: \"{text}\".");
        }
    }

    [Fact]
    public void EnglishHasNoEmptyEntryEither()
    {
        Assert.All(PublicText.OwnEntries(Languages.Default), entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), entry.Key));
    }

    /// <summary>Sentences, not names: a translation that copies more than a handful of English sentences was not translated.</summary>
    [Theory]
    [MemberData(nameof(Translations))]
    public void TranslatedSentencesDifferFromTheEnglishOnes(string language)
    {
        var english = PublicText.OwnEntries(Languages.Default);
        var copied = PublicText.OwnEntries(language)
            .Where(e => e.Value.Contains(' ', StringComparison.Ordinal) && e.Value.Length > 20 && e.Value == english[e.Key])
            .Select(e => e.Key);

        Assert.Empty(copied);
    }

    [Theory]
    [InlineData("en", "Dec 3, 2026", "Dec 3, 2026 14:05 UTC", "99.95 %", "2 hours 5 minutes", "December 2026")]
    [InlineData("de", "3. Dez. 2026", "3. Dez. 2026, 14:05 UTC", "99,95 %", "2 Stunden 5 Minuten", "Dezember 2026")]
    [InlineData("fr", "3 déc. 2026", "3 déc. 2026 à 14:05 UTC", "99,95 %", "2 heures 5 minutes", "Décembre 2026")]
    [InlineData("es", "3 dic 2026", "3 dic 2026, 14:05 UTC", "99,95 %", "2 horas 5 minutos", "Diciembre de 2026")]
    public void DatesNumbersAndDurationsAreWrittenInTheLanguage(string language, string date, string moment, string percent, string duration, string month)
    {
        var text = PublicText.For(language);

        Assert.Equal(date, text.Date(new DateOnly(2026, 12, 3)));
        Assert.Equal(moment, text.DateTime(new DateTime(2026, 12, 3, 14, 5, 0, DateTimeKind.Utc)));
        Assert.Equal(percent, text.Percent(99.956));
        Assert.Equal(duration, Durations.Describe(new TimeSpan(2, 5, 0), text));
        Assert.Equal(month, text.Month(2026, 12));
    }

    [Theory]
    [InlineData("en", "1 minute", "0 seconds", "Major outage")]
    [InlineData("de", "1 Minute", "0 Sekunden", "Schwerwiegender Ausfall")]
    [InlineData("fr", "1 minute", "0 seconde", "Panne majeure")]
    [InlineData("es", "1 minuto", "0 segundos", "Interrupción grave")]
    public void CountsAndStatusesFollowTheLanguage(string language, string oneMinute, string zeroSeconds, string majorOutage)
    {
        var text = PublicText.For(language);

        Assert.Equal(oneMinute, Durations.Describe(TimeSpan.FromMinutes(1), text));
        Assert.Equal(zeroSeconds, Durations.Describe(TimeSpan.Zero, text));
        Assert.Equal(majorOutage, text.Label(ComponentStatus.MajorOutage));
    }

    [Fact]
    public void AnUnsupportedLanguageSpeaksEnglish()
    {
        Assert.Same(PublicText.English, PublicText.For("pt"));
        Assert.Same(PublicText.For("de"), PublicText.For("de-AT"));
    }

    private static HashSet<string> Arguments(string text) => [.. Argument().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Argument();

    [GeneratedRegex(@"^\s*(TODO|FIXME|TBD|XXX|\?+|\.\.\.|…)\b|\[(de|fr|es|en)\]", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();
}
