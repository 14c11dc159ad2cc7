using Microsoft.Extensions.Options;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Channels.Social;
using StatusHub.Channels.Telegram;
using StatusHub.Channels.Webhooks;
using StatusHub.Storage;

namespace StatusHub.Channels;

/// <summary>
/// Targets that come from configuration (the Telegram channel and group, Email:Recipients, Sms:Recipients, the one
/// Mastodon and the one Bluesky account) and the webhook URLs and chat workspaces' endpoints staff registered. Targets
/// marked failing are skipped. They read the page's language.
/// </summary>
public sealed class ConfiguredRecipients(
    IOptionsMonitor<TelegramOptions> telegram,
    IOptionsMonitor<EmailOptions> email,
    IOptionsMonitor<SmsOptions> sms,
    IOptionsMonitor<MastodonOptions> mastodon,
    IOptionsMonitor<BlueskyOptions> bluesky) : IRecipientSource
{
    public IEnumerable<Recipient> Targets(string channel, NotificationContent content, IDocumentReader reader)
    {
        IEnumerable<string> targets = channel switch
        {
            ChannelNames.Telegram => new[] { telegram.CurrentValue.ChannelChatId, telegram.CurrentValue.GroupChatId }.OfType<string>().Where(t => t.Length > 0),
            ChannelNames.Email => email.CurrentValue.Recipients,
            ChannelNames.Sms => sms.CurrentValue.Recipients,
            ChannelNames.Mastodon => new[] { mastodon.CurrentValue.Target }.OfType<string>(),
            ChannelNames.Bluesky => new[] { bluesky.CurrentValue.Target }.OfType<string>(),
            ChannelNames.Webhook => reader.Collection<WebhookEndpoint>().Find(w => w.Enabled).ToList()
                .Where(w => w.ComponentIds.Count == 0 || w.ComponentIds.Intersect(content.ComponentIds).Any())
                .Select(w => w.Url),
            _ when ChannelNames.Announcements.Contains(channel) => Announcements.AnnouncementEndpointService.Targets(reader, channel, content),
            _ => [],
        };
        var failing = reader.Collection<FailingTarget>();
        var suppressed = reader.Collection<EmailSuppression>();
        return targets
            .Select(t => t.Trim())
            .Where(t => t.Length > 0 && failing.FindById(FailingTarget.KeyFor(channel, t)) is null)
            .Where(t => channel != ChannelNames.Email || suppressed.FindById(t.ToLowerInvariant()) is null)
            .Select(t => new Recipient(t))
            .ToList();
    }
}
