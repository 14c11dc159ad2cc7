using System.Globalization;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels;

/// <summary>
/// What one channel would send, shown to staff before they publish: the message in the page's language, and how many
/// recipients read each language (<see cref="RecipientsByLanguage"/>, page's language first; each gets the same notice in theirs).
/// </summary>
public sealed record ChannelPreview(string Channel, bool IsOn, string? Problem, bool CarriesEvent, ChannelMessage? Message, int Recipients, Sms.SmsSegments? SmsSegments)
{
    /// <summary>The language <see cref="Message"/> is written in: the page's.</summary>
    public string PageLanguage { get; init; } = Localization.Languages.Default;

    public IReadOnlyList<(string Language, int Count)> RecipientsByLanguage { get; init; } = [];

    /// <summary>"1 recipient", "5 recipients (3 en, 2 de)": the languages are named once anyone reads another than the page's.</summary>
    public string RecipientsText =>
        (Recipients == 1 ? "1 recipient" : $"{Recipients.ToString(CultureInfo.InvariantCulture)} recipients")
        + (RecipientsByLanguage.Any(l => l.Language != PageLanguage)
            ? $" ({string.Join(", ", RecipientsByLanguage.Select(l => $"{l.Count.ToString(CultureInfo.InvariantCulture)} {l.Language}"))})"
            : "");
}
