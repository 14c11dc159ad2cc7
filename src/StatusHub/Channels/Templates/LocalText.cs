using StatusHub.Localization;

namespace StatusHub.Channels.Templates;

/// <summary>
/// A model value that reads differently in each language (a status name, a date, a duration): the notice is built once
/// and <see cref="MessageRenderer"/> writes it in the language of the message it renders.
/// </summary>
public sealed record LocalText(Func<string, string> In)
{
    public static LocalText Word(string key) => new(language => MessageWords.Get(key, language));

    /// <summary>A moment in the page's zone (<see cref="Outbox.PageInfo.Zone"/>; null: UTC), in the reader's language.</summary>
    public static LocalText Moment(DateTime utc, TimeZoneInfo? zone) => new(language => MessageWords.Moment(utc, language, zone));

    public static LocalText Units(int days = 0, int hours = 0, int minutes = 0, int seconds = 0) =>
        new(language => MessageWords.Units(language, days, hours, minutes, seconds));

    /// <summary>Text that reads the same in every language (names staff chose).</summary>
    public static implicit operator LocalText(string text) => new(_ => text);

    /// <summary>English, for anything that reads the model outside a message.</summary>
    public override string ToString() => In(Languages.Default);
}
