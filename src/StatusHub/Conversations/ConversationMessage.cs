using StatusHub.Storage;

namespace StatusHub.Conversations;

public enum MessageDirection
{
    /// <summary>From the customer.</summary>
    In,

    /// <summary>Staff's answer, sent through the outbox.</summary>
    Out,
}

/// <summary>
/// One message of a <see cref="Conversation"/>. A customer's message is forwarded to the staff chat by
/// <see cref="ConversationForwarder"/>: it stays due (<see cref="ForwardedMessageId"/> null) until Telegram took it, so an
/// outage delays it and loses nothing. Staff's answer names who wrote it and the outbox notification that carries it.
/// </summary>
public sealed record ConversationMessage : IVersioned
{
    public const int MaxTextLength = 4000;

    public required string Id { get; init; }
    public required string ConversationId { get; init; }
    public MessageDirection Direction { get; init; }
    public required string Text { get; init; }
    public DateTime At { get; init; }

    /// <summary>Out: the staff account's email (the web UI's actor, or the linked account of who replied in Telegram).</summary>
    public string? StaffEmail { get; init; }

    /// <summary>Out: the outbox notification that carries it, whose delivery says whether it went out.</summary>
    public string? NotificationId { get; init; }

    /// <summary>In: true until the staff chat has it.</summary>
    public bool ForwardDue { get; init; }

    public int ForwardAttempts { get; init; }
    public DateTime? NextForwardAt { get; init; }
    public string? ForwardError { get; init; }

    /// <summary>In: where the forward landed, so a staff member's reply to it finds this conversation.</summary>
    public long? ForwardedChatId { get; init; }

    public int? ForwardedMessageId { get; init; }

    /// <summary>
    /// Out, answered in the staff chat: the staff member's message there, told when the answer fails for good
    /// (<see cref="AnswerFailureReporter"/>); null once the answer's delivery has an outcome nobody need hear of.
    /// </summary>
    public long? AnsweredInChatId { get; init; }

    public int? AnsweredInMessageId { get; init; }
    public int Version { get; init; }
}
