using System.Globalization;

namespace StatusHub.Time;

/// <summary>How a moment reads where no reader's zone is known (audit entries, notices, exports, the command line): in UTC, saying so.</summary>
public static class UtcText
{
    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
