namespace StatusHub.Incidents.Suggestions;

/// <summary>
/// One fingerprint of one suggestion, indexed by <see cref="Fingerprint"/> (schema migration 17), so an alert finds the
/// suggestions it fired into without reading every draft. Kept beside the suggestion, not as a multikey index on
/// <see cref="IncidentSuggestion.Fingerprints"/>: LiteDB 5 compares each of a document's old index keys with each new
/// one on every update, so a draft holding 1,000 alerts' fingerprints cost a million comparisons per firing.
/// </summary>
public sealed record DraftFingerprint
{
    public required string Id { get; init; }
    public required string Fingerprint { get; init; }
    public required string SuggestionId { get; init; }

    /// <summary>One row per suggestion and fingerprint: recording it twice keeps one.</summary>
    public static DraftFingerprint Of(string suggestionId, string fingerprint) =>
        new() { Id = $"{suggestionId}:{fingerprint}", Fingerprint = fingerprint, SuggestionId = suggestionId };
}
