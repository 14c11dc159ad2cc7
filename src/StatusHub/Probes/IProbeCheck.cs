namespace StatusHub.Probes;

/// <summary>Runs one kind of probe once. Throwing is a failure too: the runner turns the exception into its message.</summary>
public interface IProbeCheck
{
    ProbeKind Kind { get; }

    Task<ProbeCheckResult> CheckAsync(Probe probe, CancellationToken cancellationToken);
}
