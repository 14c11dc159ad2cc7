using LiteDB;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Postmortems;

public enum PostmortemStatus
{
    Draft,
    InReview,
    Published,
}

public enum ActionItemStatus
{
    Open,
    InProgress,
    Done,
}

/// <summary>
/// The write-up of a resolved incident as staff are working on it: one per incident, so its id is the incident's.
/// Customers never read this record; publishing copies its public parts into a <see cref="PublishedPostmortem"/>.
/// </summary>
/// <remarks>Text properties turn null back into "": LiteDB stores an empty string as null, and a draft is full of empty fields.</remarks>
public sealed record Postmortem : IVersioned
{
    public const int MaxTitleLength = 200;
    public const int MaxShortStoryLength = 1_000;
    public const int MaxBodyLength = 50_000;
    public const int MaxCustomerImpactLength = 500;
    public const int MaxDataLossLength = 2_000;
    public const int MaxEvents = 200;
    public const int MaxActionItems = 100;
    public const int MaxFaq = 30;

    /// <summary>The incident's id.</summary>
    public required string Id { get; init; }

    public PostmortemStatus Status { get; init; }
    public string Title { get; init => field = value ?? ""; } = "";

    /// <summary>The TL;DR customers read first; also what notifications and the customer letter carry.</summary>
    public string ShortStory { get; init => field = value ?? ""; } = "";

    /// <summary>Markdown from a skeleton; lines such as <c>{{ impact }}</c> mark where the computed parts go (<see cref="PostmortemDocument"/>).</summary>
    public string Body { get; init => field = value ?? ""; } = "";

    /// <summary>A sentence staff put above the computed impact ("Most customers could not send mail for two hours").</summary>
    public string CustomerImpact { get; init => field = value ?? ""; } = "";

    /// <summary>The answer to "Was any data lost?"; required before publishing.</summary>
    public string DataLoss { get; init => field = value ?? ""; } = "";

    public List<FaqEntry> Faq { get; init; } = [];

    /// <summary>What staff add to the incident's own timeline afterwards ("02:00 alert fired").</summary>
    public List<TimelineEvent> Events { get; init; } = [];

    public List<ActionItem> ActionItems { get; init; } = [];

    /// <summary>The skeleton it was started from.</summary>
    public string Skeleton { get; init => field = value ?? ""; } = "";

    /// <summary>How many times it was published; 0 before the first time.</summary>
    public int PublishedNumber { get; init; }

    /// <summary>Saved since the last publication: the public page still shows the published copy.</summary>
    public bool HasUnpublishedChanges { get; init; }

    public string CreatedBy { get; init => field = value ?? ""; } = "";
    public DateTime CreatedAt { get; init; }
    public string UpdatedBy { get; init => field = value ?? ""; } = "";
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }
}

/// <summary>What staff type into the editor; everything else on a <see cref="Postmortem"/> follows from the workflow.</summary>
public sealed record PostmortemDraft(
    string Title,
    string ShortStory,
    string Body,
    string CustomerImpact,
    string DataLoss,
    IReadOnlyList<FaqEntry> Faq,
    IReadOnlyList<TimelineEvent> Events,
    IReadOnlyList<ActionItem> ActionItems)
{
    public static PostmortemDraft Of(Postmortem postmortem) => new(
        postmortem.Title, postmortem.ShortStory, postmortem.Body, postmortem.CustomerImpact, postmortem.DataLoss,
        [.. postmortem.Faq], [.. postmortem.Events], [.. postmortem.ActionItems]);
}

public sealed record FaqEntry(string Question, string Answer)
{
    // LiteDB stores an empty string as null; a question typed but not answered yet comes back as "".
    public string Question { get; init; } = Question ?? "";
    public string Answer { get; init; } = Answer ?? "";

    public const int MaxQuestionLength = 300;
    public const int MaxAnswerLength = 3_000;
}

/// <summary>A moment staff add to the timeline. Internal ones stay in the staff area: they are never copied into what is published.</summary>
public sealed record TimelineEvent(string Id, DateTime At, string Text, bool IsPublic)
{
    public const int MaxTextLength = 1_000;
}

/// <summary>Something that will change because of the incident. Owner and due date are for staff; customers see the description and status of public items.</summary>
public sealed record ActionItem(string Id, string Description, string? Owner, DateTime? DueOn, ActionItemStatus Status, bool IsPublic)
{
    public const int MaxDescriptionLength = 500;
    public const int MaxOwnerLength = 100;
}

/// <summary>
/// What customers read: the public parts of a post-mortem as they were at publication, with the impact and timeline
/// computed then. Built only by <see cref="PostmortemService"/> from public material; the public pages, the snapshot,
/// notifications and letters read this and nothing else, so internal events and items cannot reach them.
/// </summary>
public sealed record PublishedPostmortem
{
    /// <summary>The incident's id.</summary>
    public required string Id { get; init; }

    public int Number { get; init; }
    public required string Title { get; init; }
    public required string IncidentTitle { get; init; }
    public IncidentImpact IncidentImpact { get; init; }
    public List<string> ComponentIds { get; init; } = [];
    public string ShortStory { get; init => field = value ?? ""; } = "";
    public string Body { get; init => field = value ?? ""; } = "";
    public string CustomerImpact { get; init => field = value ?? ""; } = "";
    public string DataLoss { get; init => field = value ?? ""; } = "";
    public List<FaqEntry> Faq { get; init; } = [];
    public List<TimelineEntry> Timeline { get; init; } = [];
    public List<PublicActionItem> ActionItems { get; init; } = [];
    public required PostmortemImpact Impact { get; init; }
    public DateTime FirstPublishedAt { get; init; }
    public DateTime PublishedAt { get; init; }

    /// <summary>Published again after the first time: the page says "updated on …".</summary>
    public bool WasUpdated => Number > 1;

    /// <summary>
    /// The incident was reopened after this was published, so <see cref="Impact"/> stops at its first resolution. Never
    /// stored: <see cref="Following"/> sets it from the incident as it is now, for every public surface alike.
    /// </summary>
    [BsonIgnore]
    public Reopening? Reopened { get; init; }

    /// <summary>
    /// This copy as customers read it beside <paramref name="incident"/> as it is now: reopened since, or not. Only an
    /// update posted after publication and set at or after the resolution reopens it; one back-dated into the incident
    /// only adds to its timeline.
    /// </summary>
    public PublishedPostmortem Following(Incident? incident)
    {
        var reopenedAt = incident?.Updates
            .Where(u => u.Status != IncidentStatus.Resolved && u.PostedAt > PublishedAt && u.DisplayAt >= Impact.EndedAt)
            .Select(u => (DateTime?)u.DisplayAt)
            .Min();
        return this with { Reopened = reopenedAt is { } at ? new Reopening(at, incident!.IsResolved ? incident.ResolvedAt : null) : null };
    }
}

/// <summary>When a published post-mortem's incident was reopened, and when it was resolved again (null while it is open).</summary>
public sealed record Reopening(DateTime At, DateTime? ResolvedAgainAt);

public sealed record PublicActionItem(string Description, ActionItemStatus Status);

/// <summary>Every copy ever published, kept when a later one replaces it.</summary>
public sealed record PostmortemRevision
{
    /// <summary>"{post-mortem id}-{number}".</summary>
    public required string Id { get; init; }

    public required string PostmortemId { get; init; }
    public int Number { get; init; }
    public required string PublishedBy { get; init; }
    public DateTime PublishedAt { get; init; }
    public required PublishedPostmortem Copy { get; init; }

    public static string KeyFor(string postmortemId, int number) => $"{postmortemId}-{number}";
}

public enum TimelineEntryKind
{
    /// <summary>An update customers read while it happened.</summary>
    Update,

    /// <summary>A status change of an affected component that no update of this incident made (a maintenance window, another incident, staff).</summary>
    StatusChange,

    /// <summary>Added by staff afterwards.</summary>
    Event,
}

/// <summary>One line of a post-mortem's timeline, oldest first. <see cref="Text"/> is Markdown.</summary>
public sealed record TimelineEntry
{
    public DateTime At { get; init; }
    public TimelineEntryKind Kind { get; init; }

    /// <summary>"Investigating", "Maintenance", or empty for staff events.</summary>
    public string Label { get; init => field = value ?? ""; } = "";

    public string Text { get; init => field = value ?? ""; } = "";
    public List<ComponentStatusNote> Components { get; init; } = [];
    public bool IsPublic { get; init; } = true;

    /// <summary>The <see cref="TimelineEvent"/> it shows, for staff events.</summary>
    public string? EventId { get; init; }
}

public sealed record ComponentStatusNote(string Name, ComponentStatus Status);

public static class PostmortemNames
{
    public static string ToLabel(this PostmortemStatus status) => status switch
    {
        PostmortemStatus.Draft => "Draft",
        PostmortemStatus.InReview => "In review",
        PostmortemStatus.Published => "Published",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToWire(this PostmortemStatus status) => status switch
    {
        PostmortemStatus.Draft => "draft",
        PostmortemStatus.InReview => "in_review",
        PostmortemStatus.Published => "published",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToLabel(this ActionItemStatus status) => status switch
    {
        ActionItemStatus.Open => "Open",
        ActionItemStatus.InProgress => "In progress",
        ActionItemStatus.Done => "Done",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToWire(this ActionItemStatus status) => status switch
    {
        ActionItemStatus.Open => "open",
        ActionItemStatus.InProgress => "in_progress",
        ActionItemStatus.Done => "done",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
