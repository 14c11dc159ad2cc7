using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Subscribers;

/// <summary>
/// Active subscribers of a channel who follow a component the notice is about (or all components).
/// Pending ones receive nothing; targets that refused delivery for good are skipped.
/// </summary>
public sealed class SubscriberRecipients : IRecipientSource
{
    public IEnumerable<Recipient> Targets(string channel, NotificationContent content, IDocumentReader reader)
    {
        if (content.Event == NotificationEvent.Test)
        {
            return [];
        }

        // Loaded once per notice: with 100,000 subscribers a lookup per address would dominate.
        var failing = reader.Collection<FailingTarget>().Find(f => f.Channel == channel).Select(f => f.Target).ToHashSet(StringComparer.Ordinal);
        var suppressed = channel == ChannelNames.Email
            ? reader.Collection<EmailSuppression>().FindAll().Select(e => e.Id).ToHashSet(StringComparer.Ordinal)
            : [];
        // Only the fields the choice needs are read out of each document: mapping whole records is most of the cost.
        return reader.Collection<Subscriber>().Query()
            .Where(s => s.Channel == channel && s.State == SubscriberState.Active)
            .Select(s => new { s.Address, s.AllComponents, s.ComponentIds, s.Language })
            .ToEnumerable()
            .Where(s => s.AllComponents || content.ComponentIds.Count == 0 || s.ComponentIds.Any(content.ComponentIds.Contains))
            .Where(s => !failing.Contains(s.Address) && !suppressed.Contains(s.Address))
            .Select(s => new Recipient(s.Address, s.Language))
            .ToList();
    }
}
