using StatusHub.Storage;

namespace StatusHub.Incidents.Suggestions;

public enum SuggestionState
{
    /// <summary>A draft incident: nothing public until a staff member publishes it.</summary>
    Draft,

    /// <summary>Staff published the draft: <see cref="IncidentSuggestion.IncidentId"/> is the incident it opened.</summary>
    Published,

    /// <summary>The alert fired for components an unresolved incident already covers: a note on that incident, never a post.</summary>
    OnIncident,

    /// <summary>Staff dismissed the draft: nothing was ever public.</summary>
    Dismissed,
}

/// <summary>
/// What a monitoring source (an alert receiver, a probe, an upstream page) suggests staff tell customers: a draft incident,
/// or notes on an incident that is already open. Never public by itself; every firing of the same fingerprint lands here.
/// </summary>
public sealed record IncidentSuggestion : IVersioned
{
    public const int MaxNotes = 50;
    public const int MaxFingerprintLength = 200;
    public const int MaxDetailsLength = 4_000;

    public required string Id { get; init; }

    /// <summary>Who suggested it: "alertmanager", "grafana", "probe:smtp" …</summary>
    public required string Source { get; init; }

    public SuggestionState State { get; init; }
    public required string Title { get; init; }
    public IncidentImpact Impact { get; init; }
    public required string FirstUpdate { get; init; }

    /// <summary>What fired, for staff only (alert labels, the probe's error).</summary>
    public string Details { get; init; } = "";

    public List<string> ComponentIds { get; init; } = [];

    /// <summary>Every fingerprint that fired into this suggestion; the same one firing again only counts.</summary>
    public List<string> Fingerprints { get; init; } = [];

    /// <summary>Those of <see cref="Fingerprints"/> whose source said they are over (and that did not fire since).</summary>
    public List<string> ResolvedFingerprints { get; init; } = [];

    /// <summary>How many times an alert fired into it (a flapping alert raises this, it does not open more drafts).</summary>
    public int Count { get; init; } = 1;

    /// <summary>The incident it was published as, or the unresolved incident it was added to.</summary>
    public string? IncidentId { get; init; }

    public List<SuggestionNote> Notes { get; init; } = [];

    public DateTime FiringSince { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    /// <summary>When the source said it is over: staff decide whether to resolve; nothing resolves on its own.</summary>
    public DateTime? ResolveSuggestedAt { get; init; }

    /// <summary>Who published or dismissed it, when, and where when not in the staff chat ("on the web", "through the API").</summary>
    public string? DecidedBy { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? DecidedVia { get; init; }

    /// <summary>A dismissed draft keeps its alert quiet until then (or until it resolves): firing again only counts here.</summary>
    public DateTime? MutedUntil { get; init; }

    /// <summary>Staff are still to be told about it (the staff chat announcer clears these once Telegram took the message).</summary>
    public bool AnnounceDue { get; init; }
    public bool ResolveAnnounceDue { get; init; }
    public DateTime NextAnnounceAt { get; init; }
    public int AnnounceAttempts { get; init; }
    public int? AnnouncedMessageId { get; init; }

    /// <summary>Decided elsewhere than the staff chat: its staff message is still to say so (and lose its buttons).</summary>
    public bool DecisionAnnounceDue { get; init; }

    public int Version { get; init; }

    public bool IsDraft => State == SuggestionState.Draft;

    public bool IsMutedAt(DateTime now) => State == SuggestionState.Dismissed && MutedUntil is { } until && until.ToUniversalTime() > now;
}

/// <summary>One thing a source said about an open suggestion ("fired again", "resolved"), for staff only.</summary>
public sealed record SuggestionNote(DateTime At, string Source, string Text);
