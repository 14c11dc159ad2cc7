using System.Globalization;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels;

/// <summary>
/// What one channel would send, shown to staff before they publish: the message in the page's language, and how many
/// recipients read each language (<see cref="RecipientsByLanguage"/>, page's language first; each gets the same notice in theirs).
/// </summary>
/// <param name="Length">The post's length against its platform's limit (<see cref="INotificationChannel.Measure"/>).</param>
public sealed record ChannelPreview(string Channel, bool IsOn, string? Problem, bool CarriesEvent, ChannelMessage? Message, int Recipients, Sms.SmsSegments? SmsSegments,
    PostLength? Length = null)
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

/// <summary>A post's length as its platform counts it: <paramref name="Count"/> of at most <paramref name="Max"/> <paramref name="Unit"/>.</summary>
public sealed record PostLength(int Count, int Max, string Unit);
