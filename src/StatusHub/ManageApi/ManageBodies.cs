using StatusHub.Incidents.Templates;

namespace StatusHub.ManageApi;

// Request bodies of the management API, wrapped in the object's name as Statuspage's manage API wraps them
// ({"component":{…}}). Every field is optional here; each endpoint says which it needs. Names are snake_case on the wire.

public sealed record ComponentBody(ComponentFields? Component);

public sealed record ComponentFields(string? Name, string? Description, string? GroupId, string? Status);

public sealed record IncidentBody(IncidentFields? Incident);

/// <param name="Components">Component id → the status this update gives it.</param>
/// <param name="BackfillDate">When the first update happened, for an incident written down after the fact.</param>
/// <param name="TemplateId">Opens the incident from this template; the other fields given override the template's.</param>
public sealed record IncidentFields(
    string? Name,
    string? Status,
    string? ImpactOverride,
    string? Body,
    Dictionary<string, string>? Components,
    bool? DeliverNotifications,
    DateTimeOffset? BackfillDate,
    string? TemplateId = null);

public sealed record IncidentTemplateBody(IncidentTemplateFields? IncidentTemplate);

/// <summary>An incident template as the management API shows it; <c>file</c> is set for a shipped one, which only its file changes.</summary>
public sealed record ApiIncidentTemplate(
    string Id,
    string Name,
    string Title,
    string? Impact,
    string Status,
    string Body,
    IReadOnlyDictionary<string, string> Components,
    IReadOnlyList<string>? Channels,
    string? File,
    int Version,
    DateTime? CreatedAt,
    DateTime? UpdatedAt);

public sealed record DraftBody(DraftFields? Draft);

/// <param name="Name">Publish: the incident's title instead of the suggested one.</param>
/// <param name="Body">Publish: the first update instead of the suggested one.</param>
/// <param name="Version">The draft's version as read: a draft changed since (it fired again, someone reworded it) is a 409.</param>
public sealed record DraftFields(string? Name, string? Body, bool? DeliverNotifications, int? Version);

/// <summary>
/// A draft incident as the management API shows it: <c>state</c> is draft, published (<c>incident_id</c> is the incident it
/// opened), dismissed, or on_incident (a note on the unresolved incident <c>incident_id</c>).
/// </summary>
public sealed record ApiDraft(
    string Id,
    string State,
    string Source,
    string Title,
    string Impact,
    string FirstUpdate,
    string Details,
    IReadOnlyList<string> Components,
    IReadOnlyList<string> Fingerprints,
    int Count,
    DateTime FiringSince,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? ResolveSuggestedAt,
    string? IncidentId,
    string? DecidedBy,
    DateTime? DecidedAt,
    DateTime? MutedUntil,
    IReadOnlyList<ApiSuggestionNote> Notes,
    int Version);

/// <summary>One thing monitoring said about a draft or an incident after it fired ("fired again", "resolved").</summary>
public sealed record ApiSuggestionNote(DateTime At, string Source, string Text);

public sealed record MaintenanceBody(MaintenanceFields? Maintenance);

/// <param name="ScheduledRemindPrior">Statuspage's switch for the reminder before the window; false turns it off.</param>
/// <param name="ScheduledRemindPriorMinutes">StatusHub's lead time for that reminder (Statuspage's is always 60).</param>
public sealed record MaintenanceFields(
    string? Name,
    DateTimeOffset? ScheduledFor,
    DateTimeOffset? ScheduledUntil,
    string? Body,
    List<string>? ComponentIds,
    bool? DeliverNotifications,
    bool? ScheduledRemindPrior = null,
    int? ScheduledRemindPriorMinutes = null);

public sealed record SubscriberBody(SubscriberFields? Subscriber);

/// <param name="SkipConfirmationNotification">True adds the subscriber as already confirmed; otherwise the usual
/// confirmation goes out (an email link, an SMS code, a webhook verification ping).</param>
/// <param name="Language">The language the subscriber's messages are written in (en, de, fr or es); the status page's
/// language when left out.</param>
public sealed record SubscriberFields(
    string? Email,
    string? PhoneNumber,
    string? Endpoint,
    List<string>? ComponentIds,
    bool? SkipConfirmationNotification,
    string? Language = null);

/// <summary>A subscriber as the management API shows it (Statuspage's fields where they exist).</summary>
public sealed record ApiSubscriber(
    string Id,
    string Mode,
    string? Email,
    string? PhoneNumber,
    string? Endpoint,
    string? TelegramChatId,
    bool AllComponents,
    IReadOnlyList<string> Components,
    string State,
    DateTime CreatedAt,
    DateTime? ConfirmedAt,
    string? Language);
