namespace StatusHub.Audit;

/// <summary>
/// Who an audit entry names when no person acted: <c>system:&lt;source&gt;[:&lt;which&gt;]</c> — <c>system:probe:Mail in and out</c>,
/// <c>system:upstream:status.example.com</c>, <c>system:alertmanager</c>, <c>system:maintenance</c>. People are named by
/// their e-mail address, an API key as <c>api key &lt;name&gt;</c>, so the two never look alike. Built here only.
/// </summary>
public static class AuditActors
{
    public const string SystemPrefix = "system:";

    /// <summary>What automatic entries were named before this scheme; kept as they were written, shown as automatic.</summary>
    private static readonly string[] OlderSystemNames = ["system", "alerts:", "upstream:", "retention", "StatusHub"];

    public static string System(string source, string? which = null) =>
        SystemPrefix + Clean(source) + (string.IsNullOrWhiteSpace(which) ? "" : ":" + Clean(which));

    /// <summary>True for an entry written by StatusHub itself (a probe, an alert receiver, a schedule), not by a person or API key.</summary>
    public static bool IsSystem(string actor) =>
        actor.StartsWith(SystemPrefix, StringComparison.Ordinal) ||
        OlderSystemNames.Any(old => old.EndsWith(':') ? actor.StartsWith(old, StringComparison.Ordinal) : actor == old);

    private static string Clean(string part) => new([.. part.Trim().Select(c => char.IsControl(c) ? ' ' : c)]);
}
