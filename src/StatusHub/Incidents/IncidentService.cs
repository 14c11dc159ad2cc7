using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Text;
using StatusHub.Time;

namespace StatusHub.Incidents;

/// <summary>What staff fill in to open an incident: its title and its first update.</summary>
public sealed record NewIncident(
    string Title,
    IncidentImpact? Impact,
    UpdateDraft FirstUpdate,
    IReadOnlyCollection<string>? ComponentIds = null);

/// <summary>
/// One timeline entry as typed. <see cref="DisplayAt"/> back-dates it ("at 02:00 we were alerted");
/// null means now. <see cref="ComponentStatuses"/> are the component statuses it sets.
/// </summary>
public sealed record UpdateDraft(
    IncidentStatus Status,
    string Body,
    DateTime? DisplayAt = null,
    IReadOnlyDictionary<string, ComponentStatus>? ComponentStatuses = null);

/// <summary>What one request changes in an incident: a null title or impact stays as it is; an update adds a timeline entry.</summary>
public sealed record IncidentChange(string? Title, IncidentImpact? Impact, UpdateDraft? Update);

/// <summary>
/// Writes incidents and their timelines, keeping component statuses and the audit log in step, and queues
/// the notifications in the same transaction.
/// </summary>
public sealed class IncidentService(LiteStore store, TimeProvider time, NotificationPublisher publisher)
{
    public const int PageSize = 25;

    public Incident Get(string id) =>
        Find(id) ?? throw new NotFoundException($"There is no incident with id '{id}'.");

    public Incident? Find(string id) => store.Collection<Incident>().FindById(id);

    public IReadOnlyList<Incident> Unresolved() =>
        store.Collection<Incident>().Find(i => i.Status != IncidentStatus.Resolved).OrderByDescending(i => i.CreatedAt).ToList();

    public IReadOnlyList<Incident> Recent(int page = 0) =>
        store.Collection<Incident>().Query().OrderByDescending(i => i.CreatedAt).Skip(Math.Max(0, page) * PageSize).Limit(PageSize).ToList();

    public Incident Open(NewIncident draft, string actor, PublishChoice? publish = null) =>
        store.Write(scope => Open(scope, draft, actor, publish));

    /// <summary>Opens the incident inside a caller's write, so a draft is marked published in the same transaction.</summary>
    internal Incident Open(WriteScope scope, NewIncident draft, string actor, PublishChoice? publish)
    {
        var now = Now();
        var title = Validate.RequiredText(draft.Title, "Title", Incident.MaxTitleLength);
        if (draft.FirstUpdate.Status == IncidentStatus.Resolved)
        {
            throw new ValidationException("A new incident cannot start resolved: open it with investigating, identified or monitoring, then resolve it.");
        }

        var statuses = CheckComponents(scope, draft.FirstUpdate.ComponentStatuses);
        var componentIds = CheckComponentIds(scope, (draft.ComponentIds ?? []).Concat(statuses.Keys));
        var update = NewUpdate(draft.FirstUpdate, statuses, actor, now);
        var incident = new Incident
        {
            Id = Ids.New(),
            Title = title,
            ImpactOverride = draft.Impact,
            Status = update.Status,
            ComponentIds = componentIds,
            Updates = [update],
            CreatedAt = now,
            UpdatedAt = now,
        };
        var changed = ApplyComponentStatuses(scope, statuses, update.DisplayAt, $"incident:{incident.Id}", now);
        var saved = scope.Insert(Publish(scope, incident, update, changed, isNew: true, publish, actor, now));
        scope.Audit(now, actor, "incident.opened", $"incident:{incident.Id}", $"\"{title}\" ({incident.Impact.ToWire()}, {update.Status.ToWire()})");
        return saved;
    }

    /// <summary>Adds a timeline entry. <paramref name="expectedVersion"/> is the version the author was looking at.</summary>
    public Incident PostUpdate(string incidentId, int expectedVersion, UpdateDraft draft, string actor, PublishChoice? publish = null) =>
        Change(incidentId, expectedVersion, new IncidentChange(null, null, draft), actor, publish);

    /// <summary>
    /// Edits the details and posts an update as one versioned write: both are saved, or (when either is refused) neither, and
    /// nothing is audited or sent. Null parts of <paramref name="change"/> are left as they are.
    /// </summary>
    public Incident Change(string incidentId, int expectedVersion, IncidentChange change, string actor, PublishChoice? publish = null)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var stored = Load(scope, incidentId);
            var incident = change.Title is null && change.Impact is null
                ? stored
                : WithDetails(scope, stored, change.Title, change.Impact ?? stored.ImpactOverride, null, actor, now);
            if (change.Update is { } draft)
            {
                incident = WithUpdate(scope, incident, draft, actor, publish, now);
            }

            return ReferenceEquals(incident, stored) ? stored : Save(scope, stored, incident, expectedVersion);
        });
    }

    /// <summary>The incident with <paramref name="draft"/> on its timeline, its component statuses applied, its notices queued and audited; not yet saved.</summary>
    private Incident WithUpdate(WriteScope scope, Incident incident, UpdateDraft draft, string actor, PublishChoice? publish, DateTime now)
    {
        if (incident.IsResolved && draft.Status == IncidentStatus.Resolved)
        {
            throw new ValidationException("This incident is already resolved.") { RefusedByState = true };
        }

        var statuses = CheckComponents(scope, draft.ComponentStatuses);
        if (draft.Status == IncidentStatus.Resolved)
        {
            statuses = WithAffectedComponentsRestored(scope, incident, statuses);
        }

        var update = NewUpdate(draft, statuses, actor, now);
        var isLatest = incident.Updates.All(u => u.DisplayAt <= update.DisplayAt);
        if (update.Status == IncidentStatus.Resolved && !isLatest)
        {
            throw new ValidationException(
                $"A resolution must be the newest entry on the timeline: the last update describes {UtcText.Format(incident.LatestUpdate!.DisplayAt)}. Leave the time empty for now, or set it after that.");
        }

        var status = isLatest ? update.Status : incident.Status;
        var updated = incident with
        {
            Status = status,
            Updates = [.. incident.Updates, update],
            ComponentIds = CheckComponentIds(scope, incident.ComponentIds.Concat(statuses.Keys)),
            ResolvedAt = status == IncidentStatus.Resolved ? (incident.ResolvedAt ?? update.DisplayAt) : null,
            UpdatedAt = now,
        };
        var changed = ApplyComponentStatuses(scope, statuses, update.DisplayAt, $"incident:{incident.Id}", now, current: isLatest);
        var published = Publish(scope, updated, update, changed, isNew: false, publish, actor, now);
        var action = update.Status == IncidentStatus.Resolved ? "incident.resolved" : "incident.updated";
        scope.Audit(now, actor, action, $"incident:{incident.Id}", $"{update.Status.ToWire()} at {UtcText.Format(update.DisplayAt)}: {Ellipsis.Shorten(update.Body, 80)}");
        return published;
    }

    public Incident Resolve(string incidentId, int expectedVersion, string body, string actor, DateTime? displayAt = null, PublishChoice? publish = null) =>
        PostUpdate(incidentId, expectedVersion, new UpdateDraft(IncidentStatus.Resolved, body, displayAt), actor, publish);

    /// <summary>What each channel would send for this update, before it is posted. Nothing is saved.</summary>
    public IReadOnlyList<ChannelPreview> Preview(string? incidentId, string title, UpdateDraft draft, string actor)
    {
        var now = Now();
        var existing = incidentId is null ? null : Get(incidentId);
        var statuses = draft.ComponentStatuses?.ToDictionary(p => p.Key, p => p.Value) ?? [];
        if (existing is not null && draft.Status == IncidentStatus.Resolved)
        {
            statuses = WithAffectedComponentsRestored(store, existing, statuses);
        }

        var update = new IncidentUpdate
        {
            Id = "preview",
            Status = draft.Status,
            Body = Validate.OptionalBody(draft.Body, "Update text", IncidentUpdate.MaxBodyLength) ?? "(no text yet)",
            Author = actor,
            PostedAt = now,
            DisplayAt = Validate.Utc(draft.DisplayAt ?? now),
            ComponentStatuses = statuses,
        };
        var incident = (existing ?? new Incident { Id = "preview", Title = title, CreatedAt = now, UpdatedAt = now }) with
        {
            Title = existing?.Title ?? Validate.OptionalText(title, "Title", Incident.MaxTitleLength) ?? "(untitled)",
            Status = draft.Status,
            Updates = [.. existing?.Updates ?? [], update],
            ComponentIds = [.. (existing?.ComponentIds ?? []).Union(statuses.Keys)],
        };
        // The page as it will be once this is posted, as the notice itself will tell it (Publish).
        var overall = OverallStatus.Read(store, pending: incident, pendingComponents: statuses);
        return publisher.Preview(IncidentNotice.For(incident, update, isNew: existing is null, publisher.Page, overall, store), store);
    }

    /// <summary>Corrects an update's wording or time; the earlier wording stays in <see cref="IncidentUpdate.Revisions"/> and the audit log.</summary>
    public Incident EditUpdate(string incidentId, int expectedVersion, string updateId, string body, DateTime? displayAt, string actor)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var incident = Load(scope, incidentId);
            var original = incident.Updates.FirstOrDefault(u => u.Id == updateId) ?? throw new NotFoundException($"Incident \"{incident.Title}\" has no update with id '{updateId}'.");
            var newBody = Validate.RequiredBody(body, "Update text", IncidentUpdate.MaxBodyLength);
            var newDisplayAt = CheckDisplayAt(displayAt ?? original.DisplayAt, now);
            var corrected = original with
            {
                Body = newBody,
                DisplayAt = newDisplayAt,
                Revisions = [.. original.Revisions, new UpdateRevision(original.Body, original.DisplayAt, actor, now)],
            };
            var updates = incident.Updates.Select(u => u.Id == updateId ? corrected : u).ToList();
            // A correction changes what an entry says, never the incident's state: that is an update of its own, with notices.
            if ((incident with { Updates = updates }).LatestUpdate!.Status is var newest && newest != incident.LatestUpdate!.Status)
            {
                throw new ValidationException(
                    $"At {UtcText.Format(newDisplayAt)} this entry would change which one is newest, and with it the incident's status from {incident.LatestUpdate.Status.ToLabel().ToLowerInvariant()} to {newest.ToLabel().ToLowerInvariant()}. Keep its time on the same side of the others, or post an update to change the status.");
            }

            var saved = Save(
                scope,
                incident,
                incident with
                {
                    Updates = updates,
                    ResolvedAt = incident.IsResolved ? updates.Where(u => u.Status == IncidentStatus.Resolved).Min(u => (DateTime?)u.DisplayAt) ?? incident.ResolvedAt : null,
                    UpdatedAt = now,
                },
                expectedVersion);
            scope.Audit(now, actor, "incident.update_edited", $"incident:{incident.Id}",
                $"update {updateId}: was \"{Ellipsis.Shorten(original.Body, 80)}\" at {UtcText.Format(original.DisplayAt)}, now \"{Ellipsis.Shorten(newBody, 80)}\" at {UtcText.Format(newDisplayAt)}");
            return saved;
        });
    }

    /// <summary>Changes the title, impact (null: derived from component statuses) or affected components of an incident.</summary>
    public Incident EditDetails(string incidentId, int expectedVersion, string title, IncidentImpact? impactOverride, IReadOnlyCollection<string> componentIds, string actor)
    {
        var now = Now();
        return store.Write(scope =>
        {
            var stored = Load(scope, incidentId);
            return Save(scope, stored, WithDetails(scope, stored, title, impactOverride, componentIds, actor, now), expectedVersion);
        });
    }

    /// <summary>The incident with new details, audited; not yet saved. A null title or component list keeps that detail.</summary>
    private static Incident WithDetails(WriteScope scope, Incident incident, string? title, IncidentImpact? impactOverride, IReadOnlyCollection<string>? componentIds, string actor, DateTime now)
    {
        var edited = incident with
        {
            Title = Validate.RequiredText(title ?? incident.Title, "Title", Incident.MaxTitleLength),
            ImpactOverride = impactOverride,
            ComponentIds = CheckComponentIds(scope, componentIds ?? incident.ComponentIds),
            UpdatedAt = now,
        };
        scope.Audit(now, actor, "incident.edited", $"incident:{incident.Id}",
            $"title \"{incident.Title}\" → \"{edited.Title}\"; impact {incident.Impact.ToWire()} → {edited.Impact.ToWire()}; components [{string.Join(", ", edited.ComponentIds)}]");
        return edited;
    }

    /// <summary>
    /// The one write of an incident that exists: refused (and with it the whole transaction, notices and audit included)
    /// when <paramref name="expectedVersion"/>, the version its author was looking at, is no longer the stored one.
    /// </summary>
    private static Incident Save(WriteScope scope, Incident stored, Incident changed, int expectedVersion) =>
        scope.Update(changed with { Version = expectedVersion }, $"Incident \"{stored.Title}\"");

    private static Incident Load(WriteScope scope, string incidentId) =>
        scope.Collection<Incident>().FindById(incidentId) ?? throw new NotFoundException($"There is no incident with id '{incidentId}'.");

    /// <summary>
    /// Queues the component webhooks and the update's notice, told from the page as it will be once
    /// <paramref name="incident"/> is saved, and returns the incident to save: the update carries its notice's id,
    /// so the incident is written once, after its notices.
    /// </summary>
    private Incident Publish(WriteScope scope, Incident incident, IncidentUpdate update, IReadOnlyList<ComponentStatusChanged> changed, bool isNew, PublishChoice? publish, string actor, DateTime now)
    {
        var overall = OverallStatus.Read(scope, pending: incident);
        publisher.EnqueueComponentChanges(scope, changed, overall, publish, actor, now);
        var notification = publisher.Enqueue(scope, IncidentNotice.For(incident, update, isNew, publisher.Page, overall, scope), publish ?? PublishChoice.AllChannels, actor, now);
        return notification is null
            ? incident
            : incident with { Updates = [.. incident.Updates.Select(u => u.Id == update.Id ? u with { NotificationId = notification.Id } : u)] };
    }

    private IncidentUpdate NewUpdate(UpdateDraft draft, Dictionary<string, ComponentStatus> statuses, string actor, DateTime now) => new()
    {
        Id = Ids.New(),
        Status = draft.Status,
        Body = Validate.RequiredBody(draft.Body, "Update text", IncidentUpdate.MaxBodyLength),
        Author = actor,
        PostedAt = now,
        DisplayAt = CheckDisplayAt(draft.DisplayAt ?? now, now),
        ComponentStatuses = statuses,
    };

    private static DateTime CheckDisplayAt(DateTime displayAt, DateTime now)
    {
        var utc = Validate.Utc(displayAt);
        if (utc > now)
        {
            throw new ValidationException($"An update cannot describe the future: {UtcText.Format(utc)} is after now ({UtcText.Format(now)}). Back-date it or leave the time empty for now.");
        }

        return utc < now.AddYears(-5)
            ? throw new ValidationException($"{UtcText.Format(utc)} is more than five years ago; check the date.")
            : utc;
    }

    private static Dictionary<string, ComponentStatus> CheckComponents(WriteScope scope, IReadOnlyDictionary<string, ComponentStatus>? statuses)
    {
        var result = new Dictionary<string, ComponentStatus>();
        foreach (var (id, status) in statuses ?? new Dictionary<string, ComponentStatus>())
        {
            if (!Enum.IsDefined(status))
            {
                throw new ValidationException($"'{status}' is not a component status.");
            }

            CheckComponentIds(scope, [id]);
            result[id] = status;
        }

        return result;
    }

    private static List<string> CheckComponentIds(WriteScope scope, IEnumerable<string> ids) => KnownComponents.Require(scope, ids);

    /// <summary>Resolving puts every affected component that is still down back to operational, unless the update says otherwise.</summary>
    private static Dictionary<string, ComponentStatus> WithAffectedComponentsRestored(IDocumentReader reader, Incident incident, Dictionary<string, ComponentStatus> statuses)
    {
        var components = reader.Collection<StatusComponent>();
        foreach (var id in incident.ComponentIds)
        {
            if (!statuses.ContainsKey(id) && components.FindById(id) is { } component &&
                component.Status is not (ComponentStatus.Operational or ComponentStatus.UnderMaintenance))
            {
                statuses[id] = ComponentStatus.Operational;
            }
        }

        return statuses;
    }

    /// <returns>The components whose status really changed, for component webhooks.</returns>
    /// <param name="current">
    /// False for an entry back-dated behind a newer one on its timeline: it tells the past (the history the uptime bars
    /// read), and the components keep the status the newer entries gave them.
    /// </param>
    internal static IReadOnlyList<ComponentStatusChanged> ApplyComponentStatuses(WriteScope scope, IReadOnlyDictionary<string, ComponentStatus> statuses, DateTime at, string source, DateTime now, bool current = true)
    {
        var components = scope.Collection<StatusComponent>();
        var history = scope.Collection<ComponentStatusChange>();
        var changed = new List<ComponentStatusChanged>();
        foreach (var (id, status) in statuses)
        {
            var component = components.FindById(id);
            if (component is null)
            {
                continue;
            }

            if (current && component.Status != status)
            {
                var updated = scope.Update(component with { Status = status, UpdatedAt = now }, $"Component \"{component.Name}\"");
                changed.Add(new ComponentStatusChanged(updated, component.Status, at));
            }

            history.Insert(new ComponentStatusChange { ComponentId = id, Status = status, At = at, Source = source });
        }

        return changed;
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
