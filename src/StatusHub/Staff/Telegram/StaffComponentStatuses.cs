using StatusHub.StatusComponents;
using StatusHub.Text;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// The component statuses an incident write sets (<see cref="StaffDialog.Statuses"/>), as the web UI's choices per
/// component: a keyboard where each tap moves a component to the next status, then Done. Opening an incident offers
/// how bad things are; an update also offers operational, to tell a component is back.
/// </summary>
public sealed class StaffComponentStatuses(ComponentService components)
{
    /// <summary>The dialog field that says the question was answered (Done); the statuses themselves are in <see cref="StaffDialog.Statuses"/>.</summary>
    public const string Field = "components";

    private static readonly ComponentStatus[] Worse = [ComponentStatus.DegradedPerformance, ComponentStatus.PartialOutage, ComponentStatus.MajorOutage];

    private static readonly ComponentStatus[] Any = [ComponentStatus.Operational, .. Worse];

    /// <param name="affected">Listed first (an incident's components), so on a long list they are on the first page.</param>
    public StaffQuestion Ask(StaffDialog dialog, string heading, bool offersOperational, IReadOnlyCollection<string>? affected = null)
    {
        var cycle = string.Join(", ", Cycle(offersOperational).Select(s => s.ToLabel().ToLowerInvariant()));
        return new StaffQuestion(
            $"{heading} Each tap moves a component to the next status ({cycle}, {(offersOperational ? "unchanged" : "not affected")}). Then Done.",
            [.. components.All().OrderBy(c => affected?.Contains(c.Id) != true).Select(c => new StaffChoice(Label(c, dialog), c.Id))],
            Toggles: true,
            Always: [new StaffChoice("✔ Done", StaffQuestion.Done)]);
    }

    public StaffDialog Answer(StaffDialog dialog, string answer, bool offersOperational)
    {
        if (answer == StaffQuestion.Done)
        {
            return dialog.With(Field, StaffQuestion.Done);
        }

        var id = components.Get(answer).Id;
        var cycle = Cycle(offersOperational);
        var statuses = new Dictionary<string, ComponentStatus>(dialog.Statuses);
        var next = statuses.TryGetValue(id, out var current) ? Array.IndexOf(cycle, current) + 1 : 0;
        if (next < cycle.Length)
        {
            statuses[id] = cycle[next];
        }
        else
        {
            statuses.Remove(id);
        }

        return dialog with { Statuses = statuses };
    }

    /// <summary>For a preview: "none", or each chosen component with the status it goes to (from the one it has, when that differs).</summary>
    public string Describe(StaffDialog dialog)
    {
        var all = components.All().ToDictionary(c => c.Id);
        return dialog.Statuses.Count == 0
            ? "none"
            : HtmlText.Escape(string.Join(", ", dialog.Statuses.Select(s => all.TryGetValue(s.Key, out var component)
                ? component.Name + (component.Status == s.Value ? " " : $" {component.Status.ToLabel().ToLowerInvariant()} → ") + s.Value.ToLabel().ToLowerInvariant()
                : s.Key)));
    }

    private static ComponentStatus[] Cycle(bool offersOperational) => offersOperational ? Any : Worse;

    private static string Label(StatusComponent component, StaffDialog dialog) =>
        dialog.Statuses.TryGetValue(component.Id, out var status)
            ? $"{(status == ComponentStatus.Operational ? "🟢" : "🔴")} {component.Name}: {status.ToLabel()}"
            : $"▫️ {component.Name}" + (component.Status == ComponentStatus.Operational ? "" : $" (now {component.Status.ToLabel().ToLowerInvariant()})");
}
