using StatusHub.Channels;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// One staff command as a form the bot fills in by asking: which field is missing, how to ask it, what an answer
/// means, and, once nothing is missing, the preview and the write (through the same service as the web UI).
/// </summary>
public interface IStaffForm
{
    /// <summary>The command's name without the slash: incident, update, resolve, component, maintenance.</summary>
    string Kind { get; }

    /// <summary>The next field to ask, or null when the form is complete.</summary>
    string? Missing(StaffDialog dialog);

    StaffQuestion Ask(StaffDialog dialog, string field);

    /// <summary>The dialog with <paramref name="answer"/> (typed or a button's value) applied; a bad answer throws <see cref="Storage.ValidationException"/>.</summary>
    StaffDialog Answer(StaffDialog dialog, string field, string answer);

    /// <summary>The fields Edit offers, with their button labels (the flow adds Channels when <see cref="ChoosesChannels"/>).</summary>
    IReadOnlyList<StaffChoice> Editable(StaffDialog dialog);

    /// <summary>Whether the write's notice goes to the channels staff pick (<see cref="StaffChannelChoice"/>), as on the web.</summary>
    bool ChoosesChannels => true;

    /// <summary>What Publish would do, as each channel would send it; <see cref="StaffPreview.Dialog"/> carries the version read now.</summary>
    StaffPreview Preview(StaffDialog dialog, string actor);

    /// <summary>Writes, as <paramref name="actor"/>, against the version the preview was made from; returns what was done, in HTML.</summary>
    string Publish(StaffDialog dialog, string actor);
}

/// <summary>A button: its label and the answer it gives.</summary>
public sealed record StaffChoice(string Label, string Value);

/// <summary>
/// A question: its HTML text, its buttons, and whether a typed reply answers it. <paramref name="Toggles"/>: the buttons
/// change a selection in place (and one of them says done), so they stay usable. <paramref name="Always"/>: buttons shown under
/// every page of a long list (Done, No template); the list itself is paged, so every choice can be reached.
/// </summary>
public sealed record StaffQuestion(string Html, IReadOnlyList<StaffChoice> Choices, bool TakesText = false, bool Toggles = false, IReadOnlyList<StaffChoice>? Always = null)
{
    /// <summary>The answer of a toggling question's ✔ Done button.</summary>
    public const string Done = "done";

    public static StaffQuestion Text(string html) => new(html, [], TakesText: true);
}

/// <summary>A preview: the headline (HTML), what each channel would send, which channels the write goes to, and the dialog with the version read.</summary>
public sealed record StaffPreview(string Headline, IReadOnlyList<ChannelPreview> Channels, PublishChoice Publish, StaffDialog Dialog);
