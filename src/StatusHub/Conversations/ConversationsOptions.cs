using System.ComponentModel.DataAnnotations;

namespace StatusHub.Conversations;

/// <summary>
/// The <c>Conversations</c> section: how long customers' messages and addresses are kept, and how hard the Contact us
/// form and the bot may be pushed. Limits count stored messages over a sliding hour, in memory (a restart forgives).
/// </summary>
public sealed class ConversationsOptions
{
    public const string Section = "Conversations";

    /// <summary>A conversation, its messages and the address in it are deleted this many days after its last message.</summary>
    [Range(1, 3650, ErrorMessage = "Conversations:RetentionDays must be a number of days from 1 to 3650 (default 90).")]
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// A customer's message within this many days of a closed conversation's last message (an answer, say) reopens it,
    /// as a reply to a solved ticket does, so the follow-up keeps its history; 0 starts a new conversation every time.
    /// </summary>
    [Range(0, 3650, ErrorMessage = "Conversations:ReopenDays must be a number of days from 0 to 3650 (default 7).")]
    public int ReopenDays { get; set; } = 7;

    /// <summary>Contact us messages one client (an IPv4 address or an IPv6 /64) may send per hour.</summary>
    [Range(1, 10_000, ErrorMessage = "Conversations:MessagesPerClientPerHour must be a number above 0 (default 5).")]
    public int MessagesPerClientPerHour { get; set; } = 5;

    /// <summary>Contact us messages per hour that may name one email address, from whichever client.</summary>
    [Range(1, 10_000, ErrorMessage = "Conversations:MessagesPerAddressPerHour must be a number above 0 (default 3).")]
    public int MessagesPerAddressPerHour { get; set; } = 3;

    /// <summary>Messages one Telegram chat may leave per hour; more get no answer and are not kept.</summary>
    [Range(1, 10_000, ErrorMessage = "Conversations:MessagesPerChatPerHour must be a number above 0 (default 10).")]
    public int MessagesPerChatPerHour { get; set; } = 10;

    /// <summary>
    /// Customers' messages kept per hour in all, form and bot together: a flood from many addresses stores at most this
    /// many an hour (at 4,000 characters each, 200 an hour is under 20 MB a day).
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Conversations:MessagesPerHour must be a number above 0 (default 200).")]
    public int MessagesPerHour { get; set; } = 200;
}
