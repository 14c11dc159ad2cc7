using Microsoft.Extensions.Options;
using StatusHub.Incidents;

namespace StatusHub.Alerts;

/// <summary>
/// The alert receivers (section "Alerts"). Secrets belong in the environment (Alerts__Token, Alerts__HmacSecret); with
/// neither set every alert is refused.
/// </summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>A shared secret shorter than this is refused at start, as Metrics:Token is.</summary>
    public const int MinSecretLength = 16;

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

/// <summary>
/// Refuses at start what would otherwise only show when alerts arrive (a 413 for every alert, a rule that never matches,
/// an impact no draft can have). Components and templates live in the store, so the Alerts page names the ones missing.
/// </summary>
public sealed class AlertsOptionsValidation : IValidateOptions<AlertsOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertsOptions options)
    {
        var section = AlertsOptions.Section;
        var problems = new List<string>();
        foreach (var (key, secret) in new[] { (nameof(AlertsOptions.Token), options.Token), (nameof(AlertsOptions.HmacSecret), options.HmacSecret) })
        {
            if (secret is { Length: > 0 } && secret.Trim().Length < AlertsOptions.MinSecretLength)
            {
                problems.Add($"{section}:{key} is too short to be a secret: use {AlertsOptions.MinSecretLength} characters or more, e.g. from `openssl rand -hex 32`.");
            }
        }

        if (options.MaxBodyBytes <= 0)
        {
            problems.Add($"{section}:{nameof(AlertsOptions.MaxBodyBytes)} must be a positive number of bytes (default {256 * 1024}), not {options.MaxBodyBytes}.");
        }

        if (options.Keep <= 0)
        {
            problems.Add($"{section}:{nameof(AlertsOptions.Keep)} must be a positive number of alerts to keep (default 1000), not {options.Keep}.");
        }

        if (options.MaxSignatureAge <= TimeSpan.Zero)
        {
            problems.Add($"{section}:{nameof(AlertsOptions.MaxSignatureAge)} must be a positive time such as 00:05:00, not {options.MaxSignatureAge}.");
        }

        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var key = $"{section}:{nameof(AlertsOptions.Rules)}:{i}";
            if (rule.Match.Count == 0)
            {
                problems.Add($"{key} has no Match, so it never matches an alert: add {key}:Match:<label>=<value>, e.g. {key}:Match:service=smtp.");
            }

            if (!IncidentNames.TryParseImpact(rule.Impact, out _))
            {
                problems.Add($"{key}:Impact is \"{rule.Impact}\": use none, minor, major or critical.");
            }

            if (rule.Components.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{key}:Components has an empty entry: use a component's name or id.");
            }

            if (rule.Title is { } title && string.IsNullOrWhiteSpace(title))
            {
                problems.Add($"{key}:Title is empty: leave it out to use the alert's summary.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
