using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Text;

namespace StatusHub.Probes;

/// <summary>
/// A probe that starts counting as failing suggests a draft incident for its components (never a public post); one that
/// recovers suggests resolving it. The probe's id is the fingerprint, so a flapping probe keeps to one draft.
/// </summary>
public sealed class ProbeDrafts(IncidentSuggestions suggestions) : IProbeStateListener
{
    public const string Source = "probe";

    public static string Fingerprint(string probeId) => $"probe:{probeId}";

    public Task OnChangedAsync(ProbeStateChange change, CancellationToken cancellationToken)
    {
        if (!change.Failing)
        {
            suggestions.SuggestResolve(IncidentSuggestions.SourceName(Source, change.ProbeName), Fingerprint(change.ProbeId));
            return Task.CompletedTask;
        }

        suggestions.Suggest(
            IncidentSuggestions.SourceName(Source, change.ProbeName),
            Fingerprint(change.ProbeId),
            change.ComponentIds,
            IncidentImpact.Minor,
            Ellipsis.Shorten($"Investigating problems: {change.ProbeName}", Incident.MaxTitleLength),
            "We are investigating a problem that may affect you and will post an update as soon as we know more.",
            $"Probe “{change.ProbeName}” counts as failing: {change.WhatFailed}",
            change.Since);
        return Task.CompletedTask;
    }
}
