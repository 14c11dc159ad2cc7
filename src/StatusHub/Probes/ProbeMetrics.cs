using System.Diagnostics.Metrics;

namespace StatusHub.Probes;

/// <summary>The probes' meter (<c>StatusHub.Probes</c>): every run's outcome by kind of probe.</summary>
public sealed class ProbeMetrics
{
    public const string MeterName = "StatusHub.Probes";

    private readonly Counter<long> _results;

    public ProbeMetrics(IMeterFactory meters) =>
        _results = meters.Create(MeterName).CreateCounter<long>("statushub.probe.results", "{run}", "Probe runs by kind (mailroundtrip, http, banner) and outcome (ok, warning, failed).");

    public void Record(ProbeKind kind, ProbeOutcome outcome) =>
        _results.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant()), new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
}
