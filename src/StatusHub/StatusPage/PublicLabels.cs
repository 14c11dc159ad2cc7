using System.Globalization;
using StatusHub.Incidents;

namespace StatusHub.StatusPage;

/// <summary>Words the public pages put next to colours, so no status is told by colour alone.</summary>
public static class PublicLabels
{
    public static string ToLabel(this IncidentImpact impact) => impact switch
    {
        IncidentImpact.None => "No impact",
        _ => $"{impact} impact",
    };

    /// <summary>"99.95 %", cut (not rounded) to two decimals so 99.996 never reads as a perfect 100.</summary>
    public static string Percent(double? value) =>
        value is { } v ? (Math.Floor(v * 100) / 100).ToString("0.##", CultureInfo.InvariantCulture) + " %" : "No data";

    public static string Date(DateOnly day) => day.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);
}
