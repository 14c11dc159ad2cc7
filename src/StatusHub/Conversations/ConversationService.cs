using Microsoft.Extensions.Options;
using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Localization;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers;

namespace StatusHub.Conversations;

/// <summary>What became of a customer's message: kept in <paramref name="Conversation"/> (which it may have <paramref name="Started"/>), or refused by a limit.</summary>
public sealed record ReceivedMessage(Conversation? Conversation, bool Started, ContactRefusal? Refusal = null);

/// <summary>A conversation as staff read it: its messages, oldest first, each answer with the state of its delivery.</summary>
public sealed record ConversationThread(Conversation Conversation, IReadOnlyList<ThreadMessage> Messages);

/// <param name="Delivery">Out: "queued", "sent", "failed: …"; null for the customer's own messages.</param>
public sealed record ThreadMessage(ConversationMessage Message, string? Delivery);

/// <summary>
/// Customers' messages in and staff's answers out. Everything a customer sends is checked (<see cref="Validate"/>, size
/// limits) before it is kept; every staff write is audited under the person and answers go out through the outbox like
/// every other message.
/// </summary>
public sealed class ConversationService(
    LiteStore store,
    NotificationPublisher publisher,
    StatusSnapshotService snapshots,
    ContactLimits limits,
    IOptionsMonitor<ConversationsOptions> options,
    TimeProvider time)
{
    /// <summary>Raised when a customer's message is kept: the forwarder wakes on it.</summary>
    public const string ReceivedSignal = "conversations.received";

    public const int MaxSearchLength = 200;
    public const int MaxListed = 200;

    private static readonly Field MessageField = new("The message", "Field.Message");
    private static readonly Field NameField = new("The name", "Field.Name");

    /// <summary>
    /// Keeps a customer's message in the open conversation of its address, else in the one closed within
    /// <see cref="ConversationsOptions.ReopenDays"/> (which it reopens), else in a new one, and leaves it due for the staff chat, unless a limit refuses it: only a checked message counts. Throws
    /// <see cref="ValidationException"/> with a sentence for the customer.
    /// </summary>
    public ReceivedMessage Receive(CustomerMessage message)
    {
        var text = Validate.RequiredBody(message.Text, MessageField, ConversationMessage.MaxTextLength);
        var name = Validate.OptionalText(message.Name, NameField, Conversation.MaxNameLength);
        var address = message.Channel switch
        {
            ChannelNames.Email => SubscriberAddresses.Normalise(ChannelNames.Email, message.Address),
            ChannelNames.Telegram => SubscriberAddresses.Normalise(ChannelNames.Telegram, message.Address),
            _ => throw new ValidationException($"'{message.Channel}' is not a channel a customer can write on."),
        };
        var handle = message.TelegramHandle is { Length: > 0 and <= 32 } h && h.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? h : null;
        var incident = IncidentOrNull(message.IncidentId);
        var refusal = message.Channel == ChannelNames.Email
            ? limits.TakeForForm(message.Client ?? "unknown", address)
            : limits.TakeForChat(long.Parse(address, System.Globalization.CultureInfo.InvariantCulture));
        if (refusal is not null)
        {
            return new ReceivedMessage(null, false, refusal);
        }

        var now = Now();
        var reopenAfter = now.AddDays(-options.CurrentValue.ReopenDays);
        return store.Write(
            scope =>
            {
                var conversations = scope.Collection<Conversation>();
                var current = conversations.FindOne(c => c.Channel == message.Channel && c.Address == address && c.State == ConversationState.Open)
                    ?? conversations.Find(c => c.Channel == message.Channel && c.Address == address && c.State == ConversationState.Closed && c.LastActivityAt >= reopenAfter)
                        .MaxBy(c => c.LastActivityAt);
                if (current is { State: ConversationState.Closed })
                {
                    scope.Audit(now, AuditActors.System("customer"), "conversation.reopened", Conversation.AuditSubject(current.Id), "by the customer's message");
                }

                var conversation = current is null
                    ? scope.Insert(new Conversation
                    {
                        Id = Ids.New(),
                        Channel = message.Channel,
                        Address = address,
                        Name = name,
                        TelegramHandle = handle,
                        Language = Languages.Normalize(message.Language),
                        IncidentId = incident?.Id,
                        IncidentTitle = incident?.Title,
                        State = ConversationState.Open,
                        CreatedAt = now,
                        LastActivityAt = now,
                    })
                    : scope.Update(current with
                    {
                        Name = name ?? current.Name,
                        TelegramHandle = handle ?? current.TelegramHandle,
                        Language = Languages.Normalize(message.Language) ?? current.Language,
                        IncidentId = incident?.Id ?? current.IncidentId,
                        IncidentTitle = incident?.Title ?? current.IncidentTitle,
                        State = ConversationState.Open,
                        LastActivityAt = now,
                    }, "The conversation");
                scope.Insert(new ConversationMessage
                {
                    Id = Ids.New(),
                    ConversationId = conversation.Id,
                    Direction = MessageDirection.In,
                    Text = text,
                    At = now,
                    ForwardDue = true,
                    NextForwardAt = now,
                });
                scope.Signal(ReceivedSignal);
                return new ReceivedMessage(conversation, current is null);
            },
            affectsStatusPage: false);
    }

    /// <summary>Null when answers on <paramref name="channel"/> can go out; otherwise why not (the channel is off).</summary>
    public string? AnswerProblem(string channel) => publisher.ProblemOf(channel);

    /// <summary>Whether the Contact us form may promise an answer by email: it says so only while the email channel can send one.</summary>
    public bool AnswersByEmail => AnswerProblem(ChannelNames.Email) is null;

    /// <summary>
    /// Queues staff's answer to the customer on the channel they wrote on and keeps it in the conversation; an answer
    /// written in the staff chat names its message there (<paramref name="answeredIn"/>), which hears if it fails.
    /// </summary>
    public ConversationMessage Reply(string conversationId, string? text, string actor, (long ChatId, int MessageId)? answeredIn = null)
    {
        var body = Validate.RequiredBody(text, "The reply", ConversationMessage.MaxTextLength);
        var now = Now();
        return store.Write(
            scope =>
            {
                var conversation = scope.Collection<Conversation>().FindById(conversationId) ?? throw new NotFoundException("This conversation no longer exists (deleted after its retention period?).");
                var original = scope.Collection<ConversationMessage>().Find(m => m.ConversationId == conversation.Id)
                    .Where(m => m.Direction == MessageDirection.In)
                    .MaxBy(m => m.At);
                var notification = publisher.EnqueueTo(scope, ConversationNotice.For(publisher.Page, conversation, original, body), conversation.Channel, conversation.Address, actor, now, conversation.Language)
                    ?? throw new ValidationException($"The {conversation.Channel} channel is off, so the reply cannot go out: configure it on the Channels page, then send again.");
                var reply = scope.Insert(new ConversationMessage
                {
                    Id = Ids.New(),
                    ConversationId = conversation.Id,
                    Direction = MessageDirection.Out,
                    Text = body,
                    At = now,
                    StaffEmail = actor,
                    NotificationId = notification.Id,
                    AnsweredInChatId = answeredIn?.ChatId,
                    AnsweredInMessageId = answeredIn?.MessageId,
                });
                scope.Update(conversation with { LastActivityAt = now }, "The conversation");
                scope.Audit(now, actor, "conversation.replied", Conversation.AuditSubject(conversation.Id), $"by {conversation.Channel}");
                return reply;
            },
            affectsStatusPage: false);
    }

    public Conversation SetState(string conversationId, ConversationState state, string actor) => store.Write(
        scope =>
        {
            var conversation = scope.Collection<Conversation>().FindById(conversationId) ?? throw new NotFoundException("This conversation no longer exists.");
            if (conversation.State == state)
            {
                return conversation;
            }

            var now = Now();
            var changed = scope.Update(conversation with { State = state, LastActivityAt = now }, "The conversation");
            scope.Audit(now, actor, state == ConversationState.Closed ? "conversation.closed" : "conversation.reopened", Conversation.AuditSubject(conversation.Id));
            return changed;
        },
        affectsStatusPage: false);

    public Conversation? Find(string? id) => Ids.IsWellFormed(id) ? store.Collection<Conversation>().FindById(id) : null;

    public ConversationThread? Thread(string? id)
    {
        if (Find(id) is not { } conversation)
        {
            return null;
        }

        var messages = store.Collection<ConversationMessage>().Find(m => m.ConversationId == conversation.Id).OrderBy(m => m.At).ThenBy(m => m.Direction).ToList();
        var notificationIds = messages.Select(m => m.NotificationId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var deliveries = store.Collection<Delivery>().Find(d => notificationIds.Contains(d.NotificationId)).ToDictionary(d => d.NotificationId, StringComparer.Ordinal);
        return new ConversationThread(conversation, messages.Select(m => new ThreadMessage(m, m.NotificationId is { } n ? Describe(deliveries.GetValueOrDefault(n)) : null)).ToList());
    }

    /// <summary>Newest activity first; <paramref name="query"/> matches the address, name, handle or any message's text.</summary>
    public IReadOnlyList<Conversation> Search(string? query, ConversationState? state, int max = MaxListed)
    {
        var text = query?.Trim() is { Length: > 0 } q ? Validate.MaxLength(q, "The search", MaxSearchLength) : null;
        var all = store.Collection<Conversation>().FindAll().Where(c => state is null || c.State == state);
        if (text is not null)
        {
            var inMessages = store.Collection<ConversationMessage>().FindAll()
                .Where(m => m.Text.Contains(text, StringComparison.OrdinalIgnoreCase))
                .Select(m => m.ConversationId)
                .ToHashSet(StringComparer.Ordinal);
            all = all.Where(c => inMessages.Contains(c.Id) || Matches(c.Address, text) || Matches(c.Name, text) || Matches(c.TelegramHandle, text));
        }

        return all.OrderByDescending(c => c.LastActivityAt).Take(max).ToList();
    }

    /// <summary>The ids of those of <paramref name="conversations"/> whose last message is the customer's: nobody has answered it yet.</summary>
    public IReadOnlySet<string> Unanswered(IReadOnlyList<Conversation> conversations)
    {
        var ids = conversations.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return store.Collection<ConversationMessage>().Find(m => ids.Contains(m.ConversationId))
            .GroupBy(m => m.ConversationId)
            .Where(messages => messages.MaxBy(m => (m.At, m.Direction))!.Direction == MessageDirection.In)
            .Select(messages => messages.Key)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The conversation a message in the staff chat forwarded, found by that message.</summary>
    public Conversation? FindByForward(long chatId, int messageId)
    {
        var forwarded = store.Collection<ConversationMessage>().FindOne(m => m.ForwardedMessageId == messageId && m.ForwardedChatId == chatId);
        return forwarded is null ? null : store.Collection<Conversation>().FindById(forwarded.ConversationId);
    }

    /// <summary>
    /// Deletes every conversation whose last message is older than the retention period, with its messages and the
    /// outbox copies of its answers: nothing of the address is left. Returns how many conversations went.
    /// </summary>
    public int DeleteExpired()
    {
        var now = Now();
        var before = now.AddDays(-options.CurrentValue.RetentionDays);
        return store.Write(
            scope =>
            {
                var expired = scope.Collection<Conversation>().Find(c => c.LastActivityAt < before).ToList();
                foreach (var conversation in expired)
                {
                    var messages = scope.Collection<ConversationMessage>();
                    foreach (var notificationId in messages.Find(m => m.ConversationId == conversation.Id).Select(m => m.NotificationId).OfType<string>().ToList())
                    {
                        scope.Collection<Delivery>().DeleteMany(d => d.NotificationId == notificationId);
                        scope.Collection<Notification>().Delete(notificationId);
                    }

                    messages.DeleteMany(m => m.ConversationId == conversation.Id);
                    scope.Collection<Conversation>().Delete(conversation.Id);
                }

                if (expired.Count > 0)
                {
                    scope.Audit(now, AuditActors.System("retention"), "conversations.deleted", "conversation:expired", $"{expired.Count} conversations without a message for {options.CurrentValue.RetentionDays} days");
                }

                return expired.Count;
            },
            affectsStatusPage: false);
    }

    private Incidents.Incident? IncidentOrNull(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        // Only what the public page shows: a hidden field cannot be used to learn or name anything else.
        return Ids.IsWellFormed(id) && snapshots.Current.IncidentsById.TryGetValue(id, out var incident)
            ? incident
            : throw new ValidationException("The incident this message is about is not on the status page (any more). Send the message without it.")
            {
                TextKey = "Invalid.IncidentGone",
            };
    }

    private static string Describe(Delivery? delivery) => delivery?.State switch
    {
        null => "not queued",
        DeliveryState.Sent => "sent",
        DeliveryState.Failed => $"failed: {delivery.LastError}",
        _ when delivery.Attempts > 0 => $"retrying ({delivery.Attempts} attempts): {delivery.LastError}",
        _ => "queued",
    };

    private static bool Matches(string? value, string text) => value?.Contains(text, StringComparison.OrdinalIgnoreCase) == true;

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
