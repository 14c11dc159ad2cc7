using LiteDB;
using Microsoft.Extensions.Options;
using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Text;

namespace StatusHub.Incidents.Suggestions;

/// <summary>
/// The one way monitoring suggests an incident: alerts, probes and upstream pages call <see cref="Suggest"/> and
/// <see cref="SuggestResolve"/>; staff <see cref="Publish"/> or <see cref="Dismiss"/>. A suggestion is never public: a
/// published draft becomes an incident through <see cref="IncidentService"/> like any other, at that moment.
/// </summary>
public sealed class IncidentSuggestions(LiteStore store, IncidentService incidents, IOptionsMonitor<DraftsOptions> options, TimeProvider time)
{
    /// <summary>Raised (after the write) when staff have something new to be told about.</summary>
    public const string AnnounceSignal = "incident.suggested";

    public const int MaxSourceLength = 120;

    /// <summary>"probe:Mail in and out", "upstream:status.example.com": the kind of source and which one, within <see cref="MaxSourceLength"/>.</summary>
    public static string SourceName(string kind, string? which) =>
        string.IsNullOrWhiteSpace(which) ? kind : Ellipsis.Shorten($"{kind}:{which.Trim()}", MaxSourceLength);

    public IncidentSuggestion? Find(string id) => store.Collection<IncidentSuggestion>().FindById(id);

    public IncidentSuggestion Get(string id) => Find(id) ?? throw new NotFoundException($"There is no draft incident with id '{Ellipsis.Shorten(id, 40)}'.");

    /// <summary>Drafts shown at once on the staff pages: a noisy monitor can leave hundreds.</summary>
    public const int PageSize = 25;

    /// <summary>Drafts waiting for staff, newest first.</summary>
    public IReadOnlyList<IncidentSuggestion> Drafts() =>
        store.Collection<IncidentSuggestion>().Find(s => s.State == SuggestionState.Draft).OrderByDescending(s => s.CreatedAt).ToList();

    /// <summary>One page of <see cref="Drafts()"/> (<see cref="PageSize"/> of them; 0 is the newest), and how many drafts wait in all.</summary>
    public (IReadOnlyList<IncidentSuggestion> Page, int Total) Drafts(int page)
    {
        var drafts = store.Collection<IncidentSuggestion>();
        return (drafts.Query().Where(s => s.State == SuggestionState.Draft).OrderByDescending(s => s.CreatedAt).Skip(Math.Max(0, page) * PageSize).Limit(PageSize).ToList(),
            drafts.Count(s => s.State == SuggestionState.Draft));
    }

    /// <summary>Dismissed drafts whose alert is still kept quiet, newest first.</summary>
    public IReadOnlyList<IncidentSuggestion> Muted()
    {
        var now = Now();
        return store.Collection<IncidentSuggestion>().Find(s => s.State == SuggestionState.Dismissed && s.MutedUntil != null).Where(s => s.IsMutedAt(now))
            .OrderByDescending(s => s.DecidedAt).ToList();
    }

    /// <summary>Staff lift a dismissed draft's mute: the next firing opens a new draft.</summary>
    public IncidentSuggestion Unmute(string id, string actor)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var muted = scope.Collection<IncidentSuggestion>().FindById(id) is { } found && found.IsMutedAt(now)
                ? found
                : throw new ValidationException("This draft is not muted (any more).");
            scope.Audit(now, actor, "incident.draft_unmuted", Subject(muted), $"\"{Ellipsis.Shorten(muted.Title, 80)}\"");
            return scope.Update(muted with { MutedUntil = null, UpdatedAt = now }, "The draft incident");
        }, affectsStatusPage: false);
    }

    /// <summary>Suggestions on the incident (notes, resolve suggested), oldest first.</summary>
    public IReadOnlyList<IncidentSuggestion> For(string incidentId) =>
        store.Collection<IncidentSuggestion>().Find(s => s.IncidentId == incidentId).OrderBy(s => s.CreatedAt).ToList();

    /// <summary>The incidents monitoring says are over (every alert on them resolved): staff still decide.</summary>
    public IReadOnlySet<string> IncidentsToResolve() =>
        store.Collection<IncidentSuggestion>().Find(s => s.ResolveSuggestedAt != null && s.IncidentId != null).Select(s => s.IncidentId!).ToHashSet();

    /// <summary>
    /// Opens a draft, or adds to the open one that already has <paramref name="fingerprint"/> (it only counts), or to the
    /// open draft or unresolved incident of the same components (a note). Staff are told about a new draft or a new note
    /// on an incident, once. A component deleted since the source named it (even a moment before this write) is left out
    /// and the draft's notes say so: monitoring must not lose a suggestion to a staff member tidying components.
    /// </summary>
    public IncidentSuggestion Suggest(string source, string fingerprint, IReadOnlyCollection<string> componentIds, IncidentImpact impact, string title, string firstUpdate, string details, DateTime? since = null) =>
        store.Write(scope => Suggest(scope, source, fingerprint, componentIds, impact, title, firstUpdate, details, since), affectsStatusPage: false);

    /// <summary><see cref="Suggest(string, string, IReadOnlyCollection{string}, IncidentImpact, string, string, string, DateTime?)"/> within a
    /// write of the caller's (a batch of alerts in one transaction); refuses with <see cref="ValidationException"/> before it writes anything.</summary>
    public IncidentSuggestion Suggest(WriteScope scope, string source, string fingerprint, IReadOnlyCollection<string> componentIds, IncidentImpact impact, string title, string firstUpdate, string details, DateTime? since = null)
    {
        source = Validate.RequiredText(source, "Source", MaxSourceLength);
        fingerprint = Validate.RequiredText(fingerprint, "Fingerprint", IncidentSuggestion.MaxFingerprintLength);
        title = Validate.RequiredText(title, "Title", Incident.MaxTitleLength);
        firstUpdate = Validate.RequiredBody(firstUpdate, "First update", IncidentUpdate.MaxBodyLength);
        details = Ellipsis.Shorten(details ?? "", IncidentSuggestion.MaxDetailsLength);
        var now = Now();
        var (components, gone) = KnownComponents.Split(scope, componentIds);
        IncidentSuggestion Noted(IncidentSuggestion suggestion) =>
            gone.Count == 0 ? suggestion : WithNote(suggestion, now, source, $"left out {gone.Count} component(s) that no longer exist: {string.Join(", ", gone.Select(id => Ellipsis.Shorten(id, 40)))}");
        if (OpenWith(scope, fingerprint) is { } same)
        {
            // As it gets worse the draft says so: the worst impact any of its alerts reported, and what fired last.
            return scope.Update(Firing(scope, Noted(WithNote(same, now, source, $"fired again ({same.Count + 1} times)")) with
            {
                Count = same.Count + 1,
                Impact = Worse(same.Impact, impact),
                Details = details.Length == 0 ? same.Details : details,
            }, fingerprint), "The draft incident");
        }

        if (MutedFor(scope, fingerprint, components, now) is { } muted)
        {
            return scope.Update(WithNote(muted, now, source, $"fired while muted ({muted.Count + 1} times)") with { Count = muted.Count + 1 }, "The draft incident");
        }

        var sameComponents = components.Count == 0 ? null : OnComponents(scope, components).Where(s => IsOpen(scope, s)).MaxBy(s => s.CreatedAt);
        if (sameComponents is not null)
        {
            scope.Audit(now, Actor(source), "incident.suggestion_added", Subject(sameComponents), $"{fingerprint}: {Ellipsis.Shorten(title, 80)}");
            Remember(scope, sameComponents, fingerprint);
            return scope.Update(Firing(scope, Noted(WithNote(sameComponents, now, source, $"{title} ({fingerprint})")) with
            {
                Fingerprints = [.. sameComponents.Fingerprints, fingerprint],
                Count = sameComponents.Count + 1,
                Impact = sameComponents.State == SuggestionState.Draft ? Worse(sameComponents.Impact, impact) : sameComponents.Impact,
            }, fingerprint), "The draft incident");
        }

        var incident = components.Count == 0 ? null : scope.Collection<Incident>().Find(i => i.Status != IncidentStatus.Resolved).FirstOrDefault(i => SameSet(i.ComponentIds, components));
        var suggestion = new IncidentSuggestion
        {
            Id = Ids.New(),
            Source = source,
            State = incident is null ? SuggestionState.Draft : SuggestionState.OnIncident,
            IncidentId = incident?.Id,
            Title = title,
            Impact = impact,
            FirstUpdate = firstUpdate,
            Details = details,
            ComponentIds = components,
            Fingerprints = [fingerprint],
            FiringSince = since is { } at && at <= now ? Validate.Utc(at) : now,
            CreatedAt = now,
            UpdatedAt = now,
            AnnounceDue = true,
            NextAnnounceAt = now,
        };
        scope.Audit(now, Actor(source), incident is null ? "incident.draft_suggested" : "incident.suggestion_added", Subject(suggestion), $"\"{Ellipsis.Shorten(title, 80)}\" ({impact.ToWire()}) for {fingerprint}");
        scope.Signal(AnnounceSignal);
        Remember(scope, suggestion, fingerprint);
        return scope.Insert(Firing(scope, Noted(suggestion), fingerprint));
    }

    /// <summary>
    /// The source says <paramref name="fingerprint"/> is over: once every fingerprint of its draft, or of every suggestion on
    /// its incident, is over, marks it "resolve suggested" and tells staff; resolves nothing. Until then the suggestion
    /// returned is not marked.
    /// </summary>
    public IncidentSuggestion? SuggestResolve(string source, string fingerprint) =>
        store.Write(scope => SuggestResolve(scope, source, fingerprint), affectsStatusPage: false);

    /// <summary><see cref="SuggestResolve(string, string)"/> within a write of the caller's.</summary>
    public IncidentSuggestion? SuggestResolve(WriteScope scope, string source, string fingerprint)
    {
        var now = Now();
        if (OpenWith(scope, fingerprint) is not { } open)
        {
            // The alert a dismissed draft muted is over: its next firing is news again.
            if (MutedFor(scope, fingerprint, [], now) is { } muted)
            {
                scope.Audit(now, Actor(source), "incident.draft_unmuted", Subject(muted), $"{fingerprint} resolved");
                scope.Update(WithNote(muted, now, source, $"{fingerprint} resolved: mute lifted") with { MutedUntil = null }, "The draft incident");
            }

            return null;
        }

        if (open.ResolveSuggestedAt is not null || open.ResolvedFingerprints.Contains(fingerprint))
        {
            return open;
        }

        var resolved = open with { ResolvedFingerprints = [.. open.ResolvedFingerprints.Union([fingerprint])] };
        var firing = Together(scope, resolved).SelectMany(StillFiring).Distinct(StringComparer.Ordinal).Count();
        if (firing > 0)
        {
            return scope.Update(WithNote(resolved, now, source, $"{fingerprint} resolved; {firing} still firing"), "The draft incident");
        }

        scope.Audit(now, Actor(source), "incident.resolve_suggested", Subject(open), fingerprint);
        scope.Signal(AnnounceSignal);
        return scope.Update(WithNote(resolved, now, source, $"{fingerprint} resolved") with { ResolveSuggestedAt = now, ResolveAnnounceDue = true, NextAnnounceAt = now }, "The draft incident");
    }

    /// <summary>
    /// Opens <paramref name="incident"/> (the draft as staff finally worded it) through <see cref="IncidentService"/> and marks
    /// the draft published, in one write: a second Publish of the same draft is refused, and so is one made from
    /// <paramref name="expectedVersion"/> when the draft changed since.
    /// </summary>
    /// <param name="via">Where staff decided when not in the staff chat ("on the web"): the chat's message is edited to say so.</param>
    public Incident Publish(string id, NewIncident incident, string actor, PublishChoice? publish = null, int? expectedVersion = null, string? via = null)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var draft = StillDraft(scope, id, expectedVersion);
            var opened = incidents.Open(scope, NeverBetter(scope, incident with { ComponentIds = [.. (incident.ComponentIds ?? []).Union(draft.ComponentIds)] }), actor, publish);
            scope.Update(Decided(scope, draft, actor, now, via) with { State = SuggestionState.Published, IncidentId = opened.Id }, "The draft incident");
            scope.Audit(now, actor, "incident.draft_published", Subject(draft), $"as incident:{opened.Id}");
            return opened;
        });
    }

    /// <summary>What each channel would send if <paramref name="incident"/> were published from a draft now; nothing is saved.</summary>
    public IReadOnlyList<ChannelPreview> Preview(NewIncident incident, string actor) =>
        incidents.Preview(null, incident.Title, NeverBetter(store, incident).FirstUpdate, actor);

    /// <summary>Publishes the draft as suggested.</summary>
    public Incident Publish(string id, string actor) => Publish(id, AsIncident(Get(id)), actor);

    /// <summary>The incident a draft opens when published as suggested: its components get the status its impact means.</summary>
    public static NewIncident AsIncident(IncidentSuggestion draft) => new(
        draft.Title,
        draft.Impact,
        new UpdateDraft(IncidentStatus.Investigating, draft.FirstUpdate, null, draft.ComponentIds.ToDictionary(id => id, _ => StatusFor(draft.Impact))),
        draft.ComponentIds);

    /// <summary>
    /// A draft is written when its alert fires and published later: by then a component may be worse than the draft's
    /// impact says (set by hand, by upstream, by another incident). Publishing never tells customers it is better than it is.
    /// </summary>
    private static NewIncident NeverBetter(IDocumentReader reader, NewIncident incident)
    {
        var components = reader.Collection<StatusComponents.StatusComponent>();
        var statuses = (incident.FirstUpdate.ComponentStatuses ?? new Dictionary<string, StatusComponents.ComponentStatus>()).ToDictionary(
            p => p.Key,
            p => components.FindById(p.Key) is { } now && now.Status.Severity() > p.Value.Severity() ? now.Status : p.Value);
        return incident with { FirstUpdate = incident.FirstUpdate with { ComponentStatuses = statuses } };
    }

    private static IncidentImpact Worse(IncidentImpact a, IncidentImpact b) => a > b ? a : b;

    public static StatusComponents.ComponentStatus StatusFor(IncidentImpact impact) => impact switch
    {
        IncidentImpact.Critical => StatusComponents.ComponentStatus.MajorOutage,
        IncidentImpact.Major => StatusComponents.ComponentStatus.PartialOutage,
        _ => StatusComponents.ComponentStatus.DegradedPerformance,
    };

    /// <summary>
    /// Staff decided it is nothing to tell customers: audited, nothing was or becomes public, and its fingerprints and
    /// components are muted for <see cref="DraftsOptions.MuteAfterDismiss"/> or until the alert resolves.
    /// </summary>
    public IncidentSuggestion Dismiss(string id, string actor, int? expectedVersion = null, string? via = null)
    {
        var now = Now();
        var mute = options.CurrentValue.MuteAfterDismiss;
        return store.Write(scope =>
        {
            var draft = StillDraft(scope, id, expectedVersion);
            scope.Audit(now, actor, "incident.draft_dismissed", Subject(draft), $"\"{Ellipsis.Shorten(draft.Title, 80)}\"");
            return scope.Update(Decided(scope, draft, actor, now, via) with { State = SuggestionState.Dismissed, MutedUntil = mute > TimeSpan.Zero ? now + mute : null }, "The draft incident");
        }, affectsStatusPage: false);
    }

    /// <summary>What staff are still to be told about, oldest first.</summary>
    public IReadOnlyList<IncidentSuggestion> AnnouncementsDue(int limit)
    {
        var now = Now();
        return store.Collection<IncidentSuggestion>().Find(s => (s.AnnounceDue || s.ResolveAnnounceDue || s.DecisionAnnounceDue) && s.NextAnnounceAt <= now).OrderBy(s => s.UpdatedAt).Take(limit).ToList();
    }

    public bool AnyAnnouncementDue() => store.Collection<IncidentSuggestion>().Exists(s => s.AnnounceDue || s.ResolveAnnounceDue || s.DecisionAnnounceDue);

    /// <summary>Records the announcer's outcome; a suggestion decided meanwhile keeps its decision.</summary>
    public void Announced(string id, Func<IncidentSuggestion, IncidentSuggestion> change) =>
        store.Write(scope =>
        {
            if (scope.Collection<IncidentSuggestion>().FindById(id) is { } current)
            {
                scope.Update(change(current), "The draft incident");
            }
        }, affectsStatusPage: false);

    /// <summary>The newest open suggestion that <paramref name="fingerprint"/> fired into, if any.</summary>
    private static IncidentSuggestion? OpenWith(WriteScope scope, string fingerprint) =>
        Holding(scope, fingerprint).Where(s => IsOpen(scope, s)).MaxBy(s => s.CreatedAt);

    /// <summary>
    /// Every suggestion <paramref name="fingerprint"/> ever fired into, whatever its state, through
    /// <see cref="DraftFingerprint"/>: an alert reads its own few, not every open draft.
    /// </summary>
    private static IEnumerable<IncidentSuggestion> Holding(WriteScope scope, string fingerprint)
    {
        var suggestions = scope.Collection<IncidentSuggestion>();
        return scope.Collection<DraftFingerprint>().Find(f => f.Fingerprint == fingerprint).Select(f => suggestions.FindById(f.SuggestionId)).OfType<IncidentSuggestion>();
    }

    /// <summary>Every suggestion for exactly <paramref name="components"/> (not none), whatever its state, through the index on its components.</summary>
    private static IEnumerable<IncidentSuggestion> OnComponents(WriteScope scope, IReadOnlyCollection<string> components) =>
        scope.Collection<IncidentSuggestion>().Find(Query.Any().EQ(nameof(IncidentSuggestion.ComponentIds), components.First())).Where(s => SameSet(s.ComponentIds, components));

    private static void Remember(WriteScope scope, IncidentSuggestion suggestion, string fingerprint) =>
        scope.Collection<DraftFingerprint>().Upsert(DraftFingerprint.Of(suggestion.Id, fingerprint));

    /// <summary>A draft, or a suggestion on an incident that is not resolved yet.</summary>
    private static bool IsOpen(WriteScope scope, IncidentSuggestion suggestion) =>
        suggestion.IsDraft ||
        (suggestion.State is SuggestionState.Published or SuggestionState.OnIncident &&
         suggestion.IncidentId is { } incident && scope.Collection<Incident>().FindById(incident) is { IsResolved: false });

    /// <summary>What resolves together with <paramref name="suggestion"/>: a draft alone, every open suggestion on one incident.</summary>
    private static List<IncidentSuggestion> Together(WriteScope scope, IncidentSuggestion suggestion) =>
        suggestion.IncidentId is { } incident
            ? [.. scope.Collection<IncidentSuggestion>().Find(s => s.IncidentId == incident).Where(s => s.Id != suggestion.Id && IsOpen(scope, s)), suggestion]
            : [suggestion];

    /// <summary>Its fingerprints not resolved since they last fired; one marked "resolve suggested" has none.</summary>
    private static IEnumerable<string> StillFiring(IncidentSuggestion suggestion) =>
        suggestion.ResolveSuggestedAt is null ? suggestion.Fingerprints.Except(suggestion.ResolvedFingerprints, StringComparer.Ordinal) : [];

    /// <summary>
    /// <paramref name="fingerprint"/> fired into <paramref name="suggestion"/>: it is not over, and neither is its draft or
    /// incident, so a "resolve suggested" on it or on another suggestion of the same incident is withdrawn.
    /// </summary>
    private static IncidentSuggestion Firing(WriteScope scope, IncidentSuggestion suggestion, string fingerprint)
    {
        foreach (var other in Together(scope, suggestion).Where(s => s.Id != suggestion.Id && s.ResolveSuggestedAt is not null))
        {
            scope.Update(other with { ResolveSuggestedAt = null, ResolveAnnounceDue = false }, "The draft incident");
        }

        return suggestion with { ResolvedFingerprints = [.. suggestion.ResolvedFingerprints.Where(f => f != fingerprint)], ResolveSuggestedAt = null, ResolveAnnounceDue = false };
    }

    private static IncidentSuggestion StillDraft(WriteScope scope, string id, int? expectedVersion)
    {
        var draft = StillDraft(scope.Collection<IncidentSuggestion>().FindById(id) ?? throw new NotFoundException($"There is no draft incident with id '{Ellipsis.Shorten(id, 40)}'."));
        return expectedVersion is { } expected && expected != draft.Version
            ? throw new ConcurrencyConflictException("The draft incident", expected, draft.Version)
            : draft;
    }

    /// <summary>The suggestion if it is still a draft; otherwise the message says who published or dismissed it.</summary>
    public static IncidentSuggestion StillDraft(IncidentSuggestion draft) =>
        draft.IsDraft
            ? draft
            : throw new ValidationException($"This draft was {draft.State.ToString().ToLowerInvariant()} already{(draft.DecidedBy is { } by ? " by " + by : "")}.") { RefusedByState = true };

    /// <summary>A decision ends every announcement still due; one made elsewhere than the chat is told to the chat's message.</summary>
    private static IncidentSuggestion Decided(WriteScope scope, IncidentSuggestion draft, string actor, DateTime now, string? via)
    {
        var tell = via is not null && draft.AnnouncedMessageId is not null;
        if (tell)
        {
            scope.Signal(AnnounceSignal);
        }

        return draft with
        {
            DecidedBy = actor,
            DecidedAt = now,
            DecidedVia = via,
            UpdatedAt = now,
            AnnounceDue = false,
            ResolveAnnounceDue = false,
            DecisionAnnounceDue = tell,
            NextAnnounceAt = now,
        };
    }

    /// <summary>The dismissed draft that keeps <paramref name="fingerprint"/>, or an alert on exactly its components, quiet now.</summary>
    private static IncidentSuggestion? MutedFor(WriteScope scope, string fingerprint, IReadOnlyCollection<string> components, DateTime now) =>
        Holding(scope, fingerprint).Concat(components.Count == 0 ? [] : OnComponents(scope, components)).Where(s => s.IsMutedAt(now)).MaxBy(s => s.DecidedAt);

    private static IncidentSuggestion WithNote(IncidentSuggestion suggestion, DateTime now, string source, string text) =>
        suggestion with { Notes = [.. suggestion.Notes.TakeLast(IncidentSuggestion.MaxNotes - 1), new SuggestionNote(now, source, Ellipsis.Shorten(text, 300))], UpdatedAt = now };

    private static bool SameSet(IReadOnlyCollection<string> a, IReadOnlyCollection<string> b) => a.Count == b.Count && a.All(b.Contains);

    private static string Subject(IncidentSuggestion suggestion) => suggestion.IncidentId is { } incident ? $"incident:{incident}" : $"draft:{suggestion.Id}";

    private static string Actor(string source) => AuditActors.System(source);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
