using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Channels;

/// <summary>Who receives a notification on a channel. Configured lists, staff-managed webhooks and (later) subscribers each add targets.</summary>
public interface IRecipientSource
{
    IEnumerable<string> Targets(string channel, NotificationContent content, IDocumentReader reader);
}
