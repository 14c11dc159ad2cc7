using System.Globalization;
using StatusHub.Incidents;
using StatusHub.Localization;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;

namespace StatusHub.StatusPage;

/// <summary>
/// Words the public pages put next to colours, so no status is told by colour alone, and the dates and numbers they
/// show, all in the page's language (<see cref="PublicText"/>). The staff area keeps the English labels of the enums.
/// </summary>
public static class PublicLabels
{
    public static string ToLabel(this IncidentImpact impact) => PublicText.English.Label(impact);

    public static string Label(this PublicText text, IncidentImpact impact) => text["Impact." + impact];

    public static string Label(this PublicText text, ComponentStatus status) => text["Status." + status];

    public static string Label(this PublicText text, IncidentStatus status) => text["IncidentStatus." + status];

    public static string Label(this PublicText text, MaintenanceStatus status) => text["MaintenanceStatus." + status];

    /// <summary>"Scheduled maintenance", "Maintenance in progress": the badge a maintenance wears.</summary>
    public static string Badge(this PublicText text, MaintenanceStatus status) => text["Maintenance.Badge." + status];

    /// <summary>A maintenance update's text: what StatusHub wrote itself in the page's language, what staff wrote as written.</summary>
    public static string Body(this PublicText text, MaintenanceUpdate update) => update.Body switch
    {
        MaintenanceUpdate.OpenedText => text["Maintenance.Update.Opened"],
        MaintenanceUpdate.CompletedText => text["Maintenance.Update.Completed"],
        MaintenanceUpdate.CancelledText => text["Maintenance.Update.Cancelled"],
        _ => update.Body,
    };

    /// <summary>"email" is "E-Mail" in German; a channel the resources do not name keeps its own name.</summary>
    public static string Channel(this PublicText text, string channel) => text.Find("Channel." + channel) ?? channel;

    public static string Overall(this PublicText text, StatusIndicator indicator) => text["Overall." + indicator];

    /// <summary>"99.95 %", cut (not rounded) to two decimals so 99.996 never reads as a perfect 100.</summary>
    public static string Percent(double? value) => PublicText.English.Percent(value);

    /// <summary><see cref="Percent(double?)"/> in the page's language: "99,95 %" in German, French and Spanish.</summary>
    public static string Percent(this PublicText text, double? value) =>
        value is { } v ? text.Format("Format.Percent", (Math.Floor(v * 100) / 100).ToString("0.##", text.Culture)) : text["Uptime.NoData"];

    public static string Date(DateOnly day) => PublicText.English.Date(day);

    /// <summary>"Dec 3, 2026", "3. Dez. 2026", "3 déc. 2026", "3 dic 2026".</summary>
    public static string Date(this PublicText text, DateOnly day) => day.ToString(text["Format.Date"], text.Culture);

    /// <summary>A moment in UTC, said so: "Dec 3, 2026 14:05 UTC", "3. Dez. 2026, 14:05 UTC".</summary>
    public static string DateTime(this PublicText text, DateTime utc) => utc.ToString(text["Format.DateTime"], text.Culture);

    /// <summary>"December 2026", "Dezember 2026", "Décembre 2026", "Diciembre de 2026": a heading, so capitalised.</summary>
    public static string Month(this PublicText text, int year, int month)
    {
        var name = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc).ToString(text["Format.Month"], text.Culture);
        return string.Concat(name[..1].ToUpper(text.Culture), name[1..]);
    }

    /// <summary>
    /// Why a public form's input was refused, in the page's words when the rule has them (a <see cref="Storage.Field"/>
    /// among the values is said by its own key), else as the rule says it.
    /// </summary>
    public static string Sentence(this PublicText text, Storage.ValidationException refusal) =>
        refusal.TextKey is { } key
            ? text.Format(key, refusal.TextValues.Select(v => v is Storage.Field { TextKey: { } field } ? text[field] : v).ToArray())
            : refusal.Message;

    /// <summary>Waiting time in words: "a minute", "5 minutes".</summary>
    public static string Wait(this PublicText text, TimeSpan wait) =>
        wait <= TimeSpan.FromMinutes(1) ? text["Wait.AMinute"] : text.Format("Wait.Minutes", Math.Ceiling(wait.TotalMinutes).ToString("0", CultureInfo.InvariantCulture));
}
