namespace StatusHub.Text;

/// <summary>What went wrong, for staff to read where a failure is shown (a probe's reason, a delivery's error).</summary>
public static class ExceptionText
{
    /// <summary>
    /// An exception and its inner causes in one sentence ("The SSL connection could not be established: The remote
    /// certificate is invalid …"), without .NET's "see inner exception" and without saying the same cause twice.
    /// </summary>
    public static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var cause = ex; cause is not null; cause = cause.InnerException)
        {
            var message = cause.Message
                .Replace(", see inner exception", "", StringComparison.OrdinalIgnoreCase)
                .Replace("See inner exception for details.", "", StringComparison.OrdinalIgnoreCase);
            var said = string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
            if (said.Length > 0 && !parts.Any(p => p.Contains(said, StringComparison.OrdinalIgnoreCase)))
            {
                parts.Add(said);
            }
        }

        return parts.Count == 0 ? ex.GetType().Name : string.Join(": ", parts) + ".";
    }
}
