using StatusHub.Storage;

namespace StatusHub.Channels.Outbox;

/// <summary>What happened, in the words of the event names operators see in templates/ (snake_case on disk).</summary>
public enum NotificationEvent
{
    IncidentCreated,
    IncidentUpdated,
    IncidentResolved,
    MaintenanceScheduled,

    /// <summary>A window opens soon: sent once, the maintenance's lead time before it starts.</summary>
    MaintenanceReminder,
    MaintenanceStarted,
    MaintenanceCompleted,
    MaintenanceCancelled,
    PostmortemPublished,

    /// <summary>A component's status changed; only webhooks carry it, as Statuspage's component webhooks.</summary>
    ComponentUpdated,
    Test,

    /// <summary>A sign-up code sent to the one number that asked for it (SMS subscriptions); never fanned out.</summary>
    ConfirmationCode,
    /// <summary>
    /// Sent to one address that asked to subscribe: the confirmation link, or (already subscribed) the preferences link.
    /// Personal: never broadcast, only queued to its one target with <see cref="Channels.NotificationPublisher.EnqueueTo"/>.
    /// </summary>
    SubscriptionConfirmation,

    /// <summary>A post-mortem's letter to the customers it affected: personal, queued only to the addresses staff chose.</summary>
    CustomerLetter,

    /// <summary>Staff's answer to a customer's message (Contact us, the bot): personal, to the one address or chat it came from.</summary>
    ConversationReply,
}

/// <summary>
/// One published thing, fanned out to every channel target as <see cref="Delivery"/> items.
/// The message each channel sends is rendered once, when it is published, so what staff previewed is what goes out:
/// once per channel in the page's language (keyed by the channel's name), and once more per other language its
/// recipients read (keyed <c>{channel}/{language}</c>, see <see cref="KeyFor"/>).
/// </summary>
public sealed record Notification : IVersioned
{
    public required string Id { get; init; }
    public NotificationEvent Event { get; init; }
    public required string Title { get; init; }

    /// <summary>"incident:{id}" or "maintenance:{id}": what replies thread under and what is pinned.</summary>
    public string? Subject { get; init; }

    public string? UpdateId { get; init; }
    public List<string> ComponentIds { get; init; } = [];
    public Dictionary<string, ChannelMessage> Messages { get; init; } = [];
    public string CreatedBy { get; init; } = "";
    public DateTime CreatedAt { get; init; }

    /// <summary>When <see cref="DeliveryRetention"/> replaced its delivery rows by <see cref="DeliveryTotals"/>; null while they count.</summary>
    public DateTime? DeliveriesRetiredAt { get; init; }

    public int Version { get; init; }

    /// <summary>Where <see cref="Messages"/> keeps a channel's message in a language other than the page's.</summary>
    public static string KeyFor(string channel, string language) => $"{channel}/{language}";

    /// <summary>The channel's message in <paramref name="language"/>, or in the page's language when it has none in that one.</summary>
    public ChannelMessage? MessageFor(string channel, string? language) =>
        (language is null ? null : Messages.GetValueOrDefault(KeyFor(channel, language))) ?? Messages.GetValueOrDefault(channel);
}

/// <summary>
/// A channel's rendering of a notification. Email uses subject, text and HTML; the chat platforms send <see cref="Payload"/>
/// (their JSON, built from the subject as title and the text); Bluesky the text and the <see cref="Card"/>; the others use
/// <see cref="Text"/>.
/// </summary>
public sealed record ChannelMessage(string Text, string? Subject = null, string? Html = null, string? Payload = null, LinkCard? Card = null);

/// <summary>The preview of a link shown under a post (Bluesky's <c>app.bsky.embed.external</c>).</summary>
public sealed record LinkCard(string Uri, string Title, string Description);

public static class NotificationEventNames
{
    /// <summary>"incident_created": the file name stem in templates/ and the name in webhook payloads.</summary>
    public static string ToWire(this NotificationEvent value) =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>A sign-up code or confirmation link: personal, and of no use once it has expired.</summary>
    public static bool IsSignUp(this NotificationEvent value) =>
        value is NotificationEvent.SubscriptionConfirmation or NotificationEvent.ConfirmationCode;

    /// <summary>Whether the event concerns one recipient only, so it must never go to everyone a channel reaches.</summary>
    public static bool IsPersonal(this NotificationEvent value) =>
        value.IsSignUp() || value is NotificationEvent.CustomerLetter or NotificationEvent.ConversationReply;

    /// <summary>
    /// A person's answer to one person: it goes back on the channel the customer wrote on (their private chat with the
    /// bot too), carries no unsubscribe link (there is nothing to leave) and is not marked as sent by a machine.
    /// </summary>
    public static bool IsAnswer(this NotificationEvent value) => value is NotificationEvent.ConversationReply;
}
