using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.StatusComponents;
using StatusHub.Text;

namespace StatusHub.Upstream;

/// <summary>
/// An upstream getting worse for customers suggests a draft incident for the component that follows it (never a public
/// post; the component's own status is already mirrored); back to operational, or to planned maintenance, suggests
/// resolving it. Maintenance is no problem: it opens no draft.
/// </summary>
public sealed class UpstreamDrafts(IncidentSuggestions suggestions) : IUpstreamChangeListener
{
    public const string Source = "upstream";

    public static string Fingerprint(string componentId) => $"upstream:{componentId}";

    /// <summary>"upstream:status.example.com": the audit names it system:upstream:status.example.com.</summary>
    private static string SourceOf(UpstreamChange change) => IncidentSuggestions.SourceName(Source, change.UpstreamHost);

    public void OnUpstreamChanged(UpstreamChange change)
    {
        if (!change.IsProblem)
        {
            suggestions.SuggestResolve(SourceOf(change), Fingerprint(change.ComponentId));
            return;
        }

        if (!change.IsWorse)
        {
            return;
        }

        suggestions.Suggest(
            SourceOf(change),
            Fingerprint(change.ComponentId),
            [change.ComponentId],
            change.To == ComponentStatus.MajorOutage ? IncidentImpact.Major : IncidentImpact.Minor,
            Ellipsis.Shorten($"{change.ComponentName}: problems at {change.UpstreamName}", Incident.MaxTitleLength),
            $"{change.UpstreamName}, a provider we rely on for {change.ComponentName}, reports a problem. We are following it closely and will post an update as soon as we know more.",
            $"{change.UpstreamName} moved from {change.From.ToWire()} to {change.To.ToWire()}",
            change.Since);
    }
}
