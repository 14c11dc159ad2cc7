using System.ComponentModel.DataAnnotations;

namespace StatusHub.Probes;

/// <summary>The <c>Probes</c> section: the K-of-M rule, how long results are kept, and how often the mail probe looks.</summary>
public sealed class ProbesOptions
{
    public const string Section = "Probes";

    /// <summary>K: failed runs among the last <see cref="Window"/> before a probe counts as failing (and ok runs before it recovers).</summary>
    [Range(1, 20)]
    public int FailuresToCount { get; set; } = 2;

    /// <summary>M: how many of the latest runs the rule looks at.</summary>
    [Range(1, 20)]
    public int Window { get; set; } = 3;

    [Range(1, 400)]
    public int RetentionDays { get; set; } = 30;

    [Range(10, 100_000)]
    public int MaxResultsPerProbe { get; set; } = 5000;

    /// <summary>How often the mail round-trip probe looks into its mailbox while waiting.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MailPoll { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>False stops the loop (probes stay configured); for a second instance on the same data.</summary>
    public bool Run { get; set; } = true;
}
