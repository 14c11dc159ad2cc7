namespace StatusHub.StatusPage;

public static class Durations
{
    /// <summary>"2 hours 5 minutes", "3 days 4 hours", "45 seconds".</summary>
    public static string Describe(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return Plural(Math.Max(0, (int)span.TotalSeconds), "second");
        }

        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(Plural(span.Days, "day"));
        }

        if (span.Hours > 0)
        {
            parts.Add(Plural(span.Hours, "hour"));
        }

        if (span.Minutes > 0 && span.Days == 0)
        {
            parts.Add(Plural(span.Minutes, "minute"));
        }

        return string.Join(" ", parts);
    }

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
