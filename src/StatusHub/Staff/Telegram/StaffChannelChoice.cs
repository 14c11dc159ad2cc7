using StatusHub.Channels;
using StatusHub.Channels.Pages;
using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// Which channels a write's notice goes to, as the web UI's publish panel ticks them: every channel that is on unless
/// staff untick some (Edit → Channels on a preview). Shared by every form that <see cref="IStaffForm.ChoosesChannels"/>.
/// </summary>
public sealed class StaffChannelChoice(NotificationPublisher publisher)
{
    /// <summary>The dialog field with the chosen channels' names, comma-separated; absent: every channel.</summary>
    public const string Field = "channels";

    public static readonly StaffChoice Editable = new("Channels", Field);

    public StaffQuestion Ask(StaffDialog dialog) => new(
        "<b>Which channels</b> tell subscribers? Tap to tick or untick, then Done.",
        [.. On().Select(name => new StaffChoice((Chosen(dialog).Includes(name) ? "✅ " : "▫️ ") + PublishPanel.ChannelLabel(name), name))],
        Toggles: true,
        Always: [new StaffChoice("✔ Done", StaffQuestion.Done)]);

    public StaffDialog Answer(StaffDialog dialog, string answer)
    {
        if (answer == StaffQuestion.Done)
        {
            return dialog;
        }

        var on = On();
        if (!on.Contains(answer, StringComparer.Ordinal))
        {
            throw new ValidationException("That channel is off now: pick another, or Done.");
        }

        var chosen = on.Where(Chosen(dialog).Includes).ToList();
        chosen = chosen.Contains(answer, StringComparer.Ordinal) ? [.. chosen.Where(c => c != answer)] : [.. chosen, answer];
        return dialog.With(Field, string.Join(',', chosen));
    }

    /// <summary>The channels the dialog's write notifies.</summary>
    public static PublishChoice Chosen(StaffDialog dialog) =>
        dialog.Field(Field) is { } channels ? new PublishChoice(channels.Split(',', StringSplitOptions.RemoveEmptyEntries)) : PublishChoice.AllChannels;

    private List<string> On() => [.. publisher.Channels.Where(c => c.ConfigurationProblem is null).Select(c => c.Name)];
}
