using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Channels;

/// <summary>Who receives a notification on a channel. Configured lists, staff-managed webhooks and (later) subscribers each add targets.</summary>
public interface IRecipientSource
{
    IEnumerable<Recipient> Targets(string channel, NotificationContent content, IDocumentReader reader);
}

/// <summary>One target and the language it reads; null: the page's (configured targets, subscribers from before languages).</summary>
public readonly record struct Recipient(string Target, string? Language = null);
