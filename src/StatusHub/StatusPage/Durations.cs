using StatusHub.Localization;

namespace StatusHub.StatusPage;

public static class Durations
{
    /// <summary>"2 hours 5 minutes", "3 days 4 hours", "45 seconds"; "2 Stunden 5 Minuten" for a German page.</summary>
    public static string Describe(TimeSpan span, PublicText? text = null)
    {
        text ??= PublicText.English;
        if (span < TimeSpan.FromMinutes(1))
        {
            return text.Count("Duration.Second", Math.Max(0, (int)span.TotalSeconds));
        }

        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(text.Count("Duration.Day", span.Days));
        }

        if (span.Hours > 0)
        {
            parts.Add(text.Count("Duration.Hour", span.Hours));
        }

        if (span.Minutes > 0 && span.Days == 0)
        {
            parts.Add(text.Count("Duration.Minute", span.Minutes));
        }

        return string.Join(" ", parts);
    }
}
