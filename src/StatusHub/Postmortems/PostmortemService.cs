using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Staff;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Text;
using StatusHub.Time;

namespace StatusHub.Postmortems;

/// <summary>An action item not done yet, with the post-mortem it belongs to.</summary>
public sealed record OpenActionItem(string PostmortemId, string PostmortemTitle, int PostmortemVersion, ActionItem Item, bool IsOverdue);

/// <summary>
/// Post-mortems from start to publication: drafts saved as staff type (never touching the public page), review, and
/// publication by an admin, which copies the public parts, computes the impact and timeline, keeps every published
/// version, and notifies the affected components' subscribers in the same transaction.
/// </summary>
public sealed class PostmortemService(
    LiteStore store,
    TimeProvider time,
    PostmortemSkeletons skeletons,
    OutboxReadModel outbox,
    NotificationPublisher publisher)
{
    public Postmortem? Find(string id) => Ids.IsWellFormed(id) ? store.Collection<Postmortem>().FindById(id) : null;

    public Postmortem Get(string id) => Find(id) ?? throw new NotFoundException($"There is no post-mortem with id '{Ellipsis.Shorten(id, 60)}'.");

    public IReadOnlyList<Postmortem> All() =>
        store.Collection<Postmortem>().FindAll().OrderByDescending(p => p.UpdatedAt).ToList();

    public IReadOnlyList<Skeleton> Skeletons() => skeletons.All();

    /// <summary>Resolved incidents that have no post-mortem yet, most recently resolved first.</summary>
    public IReadOnlyList<Incident> ResolvedWithoutPostmortem(int max = 50)
    {
        var postmortems = store.Collection<Postmortem>();
        return store.Collection<Incident>().Find(i => i.Status == IncidentStatus.Resolved)
            .Where(i => postmortems.FindById(i.Id) is null)
            .OrderByDescending(i => i.ResolvedAt)
            .Take(max)
            .ToList();
    }

    public Postmortem Start(string incidentId, string skeletonName, string actor)
    {
        var skeleton = skeletons.Find(skeletonName ?? "")
            ?? throw new ValidationException($"There is no skeleton '{Ellipsis.Shorten(skeletonName ?? "", 60)}' in templates/postmortems; choose one of {string.Join(", ", skeletons.All().Select(s => s.Name))}.");
        var now = Now();
        return store.Write(
            scope =>
            {
                var incident = IncidentOf(scope, incidentId);
                if (!incident.IsResolved)
                {
                    throw new ValidationException($"\"{incident.Title}\" is not resolved yet. A post-mortem is written once the incident is over: resolve it first.");
                }

                if (scope.Collection<Postmortem>().FindById(incident.Id) is not null)
                {
                    throw new ValidationException($"\"{incident.Title}\" already has a post-mortem.");
                }

                var postmortem = scope.Insert(new Postmortem
                {
                    Id = incident.Id,
                    Status = PostmortemStatus.Draft,
                    Title = incident.Title,
                    Body = skeleton.Body,
                    Skeleton = skeleton.Name,
                    CreatedBy = actor,
                    CreatedAt = now,
                    UpdatedBy = actor,
                    UpdatedAt = now,
                });
                scope.Audit(now, actor, "postmortem.started", Subject(incident.Id), $"\"{incident.Title}\" from skeleton {skeleton.Name}");
                return postmortem;
            },
            affectsStatusPage: false);
    }

    /// <summary>
    /// Saves what staff typed (the editor calls this every few seconds while they type). Nothing public changes: a
    /// published post-mortem is only marked as having changes until an admin publishes them. Not audited: an entry per
    /// pause in typing would drown the log, and every published version is kept whole.
    /// </summary>
    public Postmortem Save(string id, int expectedVersion, PostmortemDraft draft, string actor)
    {
        var now = Now();
        return store.Write(
            scope =>
            {
                var current = PostmortemOf(scope, id);
                var incident = IncidentOf(scope, id);
                var saved = scope.Update(
                    current with
                    {
                        Title = Validate.OptionalText(draft.Title, "Title", Postmortem.MaxTitleLength) ?? "",
                        ShortStory = Validate.OptionalBody(draft.ShortStory, "Short story", Postmortem.MaxShortStoryLength) ?? "",
                        Body = Validate.Text(draft.Body, TextPolicy.Body, "Post-mortem text", Postmortem.MaxBodyLength),
                        CustomerImpact = Validate.OptionalBody(draft.CustomerImpact, "Customer impact sentence", Postmortem.MaxCustomerImpactLength) ?? "",
                        DataLoss = Validate.OptionalBody(draft.DataLoss, "Data loss statement", Postmortem.MaxDataLossLength) ?? "",
                        Faq = PostmortemDraftCheck.Faq(draft.Faq),
                        Events = PostmortemDraftCheck.Events(draft.Events, incident, now),
                        ActionItems = PostmortemDraftCheck.ActionItems(draft.ActionItems, now),
                        HasUnpublishedChanges = current.PublishedNumber > 0,
                        UpdatedBy = actor,
                        UpdatedAt = now,
                        Version = expectedVersion,
                    },
                    What(current));
                // The editor saves as staff type: one audit row for each stretch of editing by one person, not one a pause.
                if (current.UpdatedBy != actor || now - current.UpdatedAt.ToUniversalTime() >= EditingStretch)
                {
                    scope.Audit(now, actor, "postmortem.edited", Subject(id), $"\"{Ellipsis.Shorten(saved.Title, 80)}\": {Ellipsis.Shorten(saved.Body, 80)}");
                }

                return saved;
            },
            affectsStatusPage: false);
    }

    /// <summary>Saves by the same person closer together than this are one stretch of editing, audited once.</summary>
    public static readonly TimeSpan EditingStretch = TimeSpan.FromMinutes(15);

    public Postmortem SendForReview(string id, int expectedVersion, string actor) =>
        Move(id, expectedVersion, PostmortemStatus.Draft, PostmortemStatus.InReview, "postmortem.review_requested", actor);

    public Postmortem BackToDraft(string id, int expectedVersion, string actor) =>
        Move(id, expectedVersion, PostmortemStatus.InReview, PostmortemStatus.Draft, "postmortem.back_to_draft", actor);

    /// <summary>What still stands between this post-mortem and publication, in words for the author; empty when it can go out.</summary>
    public IReadOnlyList<string> Problems(Postmortem postmortem) => Problems(postmortem, IncidentOf(store, postmortem.Id));

    /// <summary>
    /// Publishes (or publishes the changes to) a post-mortem that is in review: admins only. Copies its public parts with
    /// the impact and timeline computed now, keeps the copy as a new version, and queues the notice on the chosen channels.
    /// </summary>
    public Postmortem Publish(string id, int expectedVersion, string actor, PublishChoice? publish = null)
    {
        var now = Now();
        return store.Write(scope =>
        {
            RequireAdmin(scope, actor);
            var postmortem = PostmortemOf(scope, id);
            switch (postmortem)
            {
                case { Status: PostmortemStatus.Draft }:
                    throw new ValidationException("This post-mortem is a draft: send it for review first, then an admin publishes it.");
                case { Status: PostmortemStatus.Published, HasUnpublishedChanges: false }:
                    throw new ValidationException("Nothing has changed since this post-mortem was published.");
            }

            var incident = IncidentOf(scope, id);
            if (Problems(postmortem, incident) is { Count: > 0 } problems)
            {
                throw new ValidationException(string.Join(" ", problems));
            }

            var previous = scope.Collection<PublishedPostmortem>().FindById(id);
            var copy = PublicCopy(scope, postmortem, incident, postmortem.PublishedNumber + 1, now) with { FirstPublishedAt = previous?.FirstPublishedAt ?? now };
            scope.Collection<PublishedPostmortem>().Upsert(copy);
            scope.Collection<PostmortemRevision>().Insert(new PostmortemRevision
            {
                Id = PostmortemRevision.KeyFor(id, copy.Number),
                PostmortemId = id,
                Number = copy.Number,
                PublishedBy = actor,
                PublishedAt = now,
                Copy = copy,
            });
            var saved = scope.Update(
                postmortem with
                {
                    Status = PostmortemStatus.Published,
                    PublishedNumber = copy.Number,
                    HasUnpublishedChanges = false,
                    UpdatedBy = actor,
                    UpdatedAt = now,
                    Version = expectedVersion,
                },
                What(postmortem));
            var notification = publisher.Enqueue(scope, PostmortemNotice.For(copy, publisher.Page, scope), publish ?? PublishChoice.AllChannels, actor, now);
            scope.Audit(now, actor, "postmortem.published", Subject(id), $"version {copy.Number}; notice {notification?.Id ?? "not sent"}");
            return saved;
        });
    }

    /// <summary>What customers would read if it were published now, for the staff preview. Nothing is saved.</summary>
    public PublishedPostmortem Preview(Postmortem postmortem)
    {
        var incident = IncidentOf(store, postmortem.Id);
        var now = Now();
        var first = store.Collection<PublishedPostmortem>().FindById(postmortem.Id)?.FirstPublishedAt ?? now;
        return PublicCopy(store, postmortem, incident, Math.Max(1, postmortem.PublishedNumber + (postmortem.HasUnpublishedChanges ? 1 : 0)), now) with { FirstPublishedAt = first };
    }

    /// <summary>The staff export: what would be published (in the page's <paramref name="words"/>), plus internal events and every action item, each marked.</summary>
    public string InternalMarkdown(Postmortem postmortem, string pageUrl, Localization.PublicText words)
    {
        var copy = Preview(postmortem) with { Timeline = [.. StaffTimeline(postmortem)] };
        return PostmortemMarkdown.Write(copy, pageUrl, words, postmortem.ActionItems);
    }

    /// <summary>What each channel would send on publication, for the staff to check before publishing.</summary>
    public IReadOnlyList<ChannelPreview> PreviewNotice(Postmortem postmortem) =>
        publisher.Preview(PostmortemNotice.For(Preview(postmortem), publisher.Page, store), store);

    /// <summary>The impact as it stands now (the published copy keeps the one computed at publication).</summary>
    public PostmortemImpact Impact(Postmortem postmortem)
    {
        var incident = IncidentOf(store, postmortem.Id);
        var end = incident.ResolvedAt ?? Now();
        return ImpactCalculator.Compute(incident, end, Changes(store, incident, end), ComponentNames(store), outbox.SentCountsFor(NotificationIds(incident)));
    }

    /// <summary>The whole timeline staff see, internal events included.</summary>
    public IReadOnlyList<TimelineEntry> StaffTimeline(Postmortem postmortem)
    {
        var incident = IncidentOf(store, postmortem.Id);
        var end = incident.ResolvedAt ?? Now();
        return PostmortemTimeline.Build(incident, end, Changes(store, incident, end), postmortem.Events, ComponentNames(store));
    }

    public PublishedPostmortem? Published(string id) => Ids.IsWellFormed(id) ? store.Collection<PublishedPostmortem>().FindById(id) : null;

    /// <summary>Every published version, newest first.</summary>
    public IReadOnlyList<PostmortemRevision> Revisions(string id) =>
        store.Collection<PostmortemRevision>().Find(r => r.PostmortemId == id).OrderByDescending(r => r.Number).ToList();

    /// <summary>Action items not done yet across every post-mortem: overdue first, then by due date, undated last.</summary>
    public IReadOnlyList<OpenActionItem> OpenActionItems()
    {
        var today = Now().Date;
        return All()
            .SelectMany(p => p.ActionItems.Where(a => a.Status != ActionItemStatus.Done)
                .Select(a => new OpenActionItem(p.Id, p.Title, p.Version, a, a.DueOn is { } due && due < today)))
            .OrderByDescending(x => x.IsOverdue)
            .ThenBy(x => x.Item.DueOn ?? DateTime.MaxValue)
            .ThenBy(x => x.PostmortemTitle, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Moves one action item along (from the action items page); the item keeps everything else.</summary>
    public Postmortem SetActionItemStatus(string id, int expectedVersion, string itemId, ActionItemStatus status, string actor)
    {
        if (!Enum.IsDefined(status))
        {
            throw new ValidationException($"'{status}' is not an action item status.");
        }

        var now = Now();
        return store.Write(
            scope =>
            {
                var postmortem = PostmortemOf(scope, id);
                var item = postmortem.ActionItems.FirstOrDefault(a => a.Id == itemId)
                    ?? throw new NotFoundException($"Post-mortem \"{postmortem.Title}\" has no action item with id '{Ellipsis.Shorten(itemId, 60)}'.");
                var saved = scope.Update(
                    postmortem with
                    {
                        ActionItems = postmortem.ActionItems.Select(a => a.Id == itemId ? a with { Status = status } : a).ToList(),
                        HasUnpublishedChanges = postmortem.HasUnpublishedChanges || (postmortem.PublishedNumber > 0 && item.IsPublic),
                        UpdatedBy = actor,
                        UpdatedAt = now,
                        Version = expectedVersion,
                    },
                    What(postmortem));
                scope.Audit(now, actor, "postmortem.action_item", Subject(id), $"\"{Ellipsis.Shorten(item.Description, 60)}\": {item.Status.ToWire()} → {status.ToWire()}");
                return saved;
            },
            affectsStatusPage: false);
    }

    private Postmortem Move(string id, int expectedVersion, PostmortemStatus from, PostmortemStatus to, string action, string actor)
    {
        var now = Now();
        return store.Write(
            scope =>
            {
                var postmortem = PostmortemOf(scope, id);
                if (postmortem.Status != from)
                {
                    throw new ValidationException($"This post-mortem is {postmortem.Status.ToLabel().ToLowerInvariant()}, not {from.ToLabel().ToLowerInvariant()}.");
                }

                var saved = scope.Update(postmortem with { Status = to, UpdatedBy = actor, UpdatedAt = now, Version = expectedVersion }, What(postmortem));
                scope.Audit(now, actor, action, Subject(id), $"{from.ToWire()} → {to.ToWire()}");
                return saved;
            },
            affectsStatusPage: false);
    }

    private IReadOnlyList<string> Problems(Postmortem postmortem, Incident incident) => PublicationChecklist.Problems(postmortem, incident, skeletons.Find(postmortem.Skeleton));

    /// <summary>The one place a public copy is made: only public events, public action items without owner or due date, no staff names.</summary>
    private PublishedPostmortem PublicCopy(IDocumentReader reader, Postmortem postmortem, Incident incident, int number, DateTime now)
    {
        var end = incident.ResolvedAt ?? now;
        var changes = Changes(reader, incident, end);
        var names = ComponentNames(reader);
        var publicEvents = postmortem.Events.Where(e => e.IsPublic).ToList();
        return new PublishedPostmortem
        {
            Id = postmortem.Id,
            Number = number,
            Title = string.IsNullOrWhiteSpace(postmortem.Title) ? incident.Title : postmortem.Title,
            IncidentTitle = incident.Title,
            IncidentImpact = incident.Impact,
            ComponentIds = [.. ImpactCalculator.AffectedComponents(incident)],
            ShortStory = postmortem.ShortStory,
            Body = postmortem.Body,
            CustomerImpact = postmortem.CustomerImpact,
            DataLoss = postmortem.DataLoss,
            Faq = [.. postmortem.Faq],
            Timeline = [.. PostmortemTimeline.Build(incident, end, changes, publicEvents, names).Where(e => e.IsPublic)],
            ActionItems = [.. postmortem.ActionItems.Where(a => a.IsPublic).Select(a => new PublicActionItem(a.Description, a.Status))],
            Impact = ImpactCalculator.Compute(incident, end, changes, names, outbox.SentCountsFor(NotificationIds(incident))),
            FirstPublishedAt = now,
            PublishedAt = now,
        };
    }

    private static List<string> NotificationIds(Incident incident) => incident.Updates.Select(u => u.NotificationId).OfType<string>().ToList();

    /// <summary>Each affected component's history up to the end of the incident (the part before the start says what was in force then).</summary>
    private static List<ComponentStatusChange> Changes(IDocumentReader reader, Incident incident, DateTime end)
    {
        var history = reader.Collection<ComponentStatusChange>();
        return ImpactCalculator.AffectedComponents(incident)
            .SelectMany(id => history.Find(c => c.ComponentId == id && c.At <= end))
            .ToList();
    }

    private static Func<string, string> ComponentNames(IDocumentReader reader)
    {
        var names = reader.Collection<StatusComponent>().FindAll().ToDictionary(c => c.Id, c => c.Name);
        return id => names.GetValueOrDefault(id, "(removed component)");
    }

    /// <summary>Checked where the write happens, not only by hiding buttons: the page may be older than a role change.</summary>
    internal static void RequireAdmin(IDocumentReader reader, string actor, string refusal = "Only an admin can publish a post-mortem. Ask an admin to review and publish it.")
    {
        var email = actor.Trim().ToLowerInvariant();
        if (reader.Collection<StaffAccount>().FindOne(a => a.Email == email) is not { IsActiveAdmin: true })
        {
            throw new ValidationException(refusal);
        }
    }

    private static Postmortem PostmortemOf(IDocumentReader reader, string id) =>
        (Ids.IsWellFormed(id) ? reader.Collection<Postmortem>().FindById(id) : null)
        ?? throw new NotFoundException($"There is no post-mortem with id '{Ellipsis.Shorten(id, 60)}'.");

    private static Incident IncidentOf(IDocumentReader reader, string id) =>
        (Ids.IsWellFormed(id) ? reader.Collection<Incident>().FindById(id) : null)
        ?? throw new NotFoundException($"There is no incident with id '{Ellipsis.Shorten(id, 60)}'.");

    private static string What(Postmortem postmortem) => $"Post-mortem \"{postmortem.Title}\"";

    private static string Subject(string id) => $"postmortem:{id}";

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
