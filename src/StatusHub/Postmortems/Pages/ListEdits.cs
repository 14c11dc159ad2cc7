using StatusHub.Components.Forms;

namespace StatusHub.Postmortems.Pages;

/// <summary>Removing or replacing one entry of the editor's events or action items, saved at once and taken back when refused.</summary>
internal static class ListEdits
{
    public static async Task RemoveAsync<T>(List<T> list, Predicate<T> match, Func<Action, Action?, Task<Refusal?>> changeAndSave, Action<Refusal?> outcome)
    {
        var index = list.FindIndex(match);
        if (index >= 0)
        {
            var removed = list[index];
            outcome(await changeAndSave(() => list.RemoveAt(index), () => list.Insert(index, removed)));
        }
    }

    public static async Task ReplaceAsync<T>(List<T> list, Predicate<T> match, Func<T, T> change, Func<Action, Action?, Task<Refusal?>> changeAndSave, Action<Refusal?> outcome)
    {
        var index = list.FindIndex(match);
        if (index >= 0)
        {
            var before = list[index];
            outcome(await changeAndSave(() => list[index] = change(before), () => list[index] = before));
        }
    }
}
