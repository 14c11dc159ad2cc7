namespace StatusHub.Alerts;

/// <summary>
/// The alert receivers (section "Alerts"). Secrets belong in the environment (Alerts__Token, Alerts__HmacSecret); with
/// neither set every alert is refused.
/// </summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>Accepted as "Authorization: Bearer TOKEN".</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Accepted as a hex HMAC-SHA256 (optionally "sha256=" first) in one of <see cref="SignatureHeaders"/>: of the raw body,
    /// or, when one of <see cref="TimestampHeaders"/> carries Unix seconds, of "timestamp:body" as Grafana signs it.
    /// </summary>
    public string? HmacSecret { get; set; }

    public List<string> SignatureHeaders { get; set; } = ["X-Grafana-Alerting-Signature", "X-Grafana-Alert-Signature", "X-Hub-Signature-256", "X-StatusHub-Signature"];

    /// <summary>Where a signing sender puts the Unix time it signed at (Grafana's contact point: its HMAC "Timestamp Header").</summary>
    public List<string> TimestampHeaders { get; set; } = ["X-Grafana-Alerting-Signature-Timestamp", "X-Grafana-Alerting-Timestamp"];

    /// <summary>A signed timestamp further than this from now is refused, so a recorded request cannot be replayed later.</summary>
    public TimeSpan MaxSignatureAge { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How many received alerts are kept for the staff page; the oldest go first.</summary>
    public int Keep { get; set; } = 1000;

    /// <summary>Tried in order; the first whose every matcher equals the alert's label decides what it suggests.</summary>
    public List<AlertRule> Rules { get; set; } = [];
}

/// <summary>Alerts:Rules:N — Match:service=smtp → Components (names or ids), Impact (none, minor, major, critical), an optional Template id and Title.</summary>
public sealed class AlertRule
{
    public Dictionary<string, string> Match { get; set; } = [];
    public List<string> Components { get; set; } = [];
    public string Impact { get; set; } = "minor";
    public string? Template { get; set; }
    public string? Title { get; set; }

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        Match.Count > 0 && Match.All(m => labels.TryGetValue(m.Key, out var value) && string.Equals(value, m.Value, StringComparison.Ordinal));
}
