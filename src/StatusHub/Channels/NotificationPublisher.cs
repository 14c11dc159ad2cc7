using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Storage;

namespace StatusHub.Channels;

/// <summary>
/// Renders a notification for every channel and queues one delivery per target in the caller's
/// transaction, so the update and its deliveries are saved together or not at all.
/// </summary>
public sealed class NotificationPublisher(
    IEnumerable<INotificationChannel> channels,
    MessageRenderer renderer,
    IEnumerable<IRecipientSource> recipients,
    IPageAddress address)
{
    private readonly IReadOnlyList<INotificationChannel> _channels = [.. channels];
    private readonly IReadOnlyList<IRecipientSource> _recipients = [.. recipients];

    public IReadOnlyList<INotificationChannel> Channels => _channels;

    public PageInfo Page => address.Page;

    public IReadOnlyList<ChannelPreview> Preview(NotificationContent content, IDocumentReader reader) =>
        _channels.Select(channel =>
        {
            var carries = channel.Carries(content.Event);
            var message = carries ? renderer.Render(channel.Name, content) : null;
            return new ChannelPreview(
                channel.Name,
                channel.ConfigurationProblem is null,
                channel.ConfigurationProblem,
                carries,
                message,
                carries ? TargetsFor(channel.Name, content, reader).Count : 0,
                channel.Name == ChannelNames.Sms && message is not null ? Sms.SmsText.Count(message.Text) : null,
                message is null ? null : channel.Measure(message));
        }).ToList();

    /// <summary>Queues the notification on every chosen channel that is on and carries the event. Returns null when nothing was queued.</summary>
    public Notification? Enqueue(WriteScope scope, NotificationContent content, PublishChoice choice, string actor, DateTime now)
    {
        var messages = new Dictionary<string, ChannelMessage>(StringComparer.Ordinal);
        var targets = new List<(string Channel, string Target)>();
        foreach (var channel in _channels)
        {
            if (!choice.Includes(channel.Name) || channel.ConfigurationProblem is not null || !channel.Carries(content.Event) || content.Event.IsPersonal())
            {
                continue;
            }

            var channelTargets = TargetsFor(channel.Name, content, scope);
            if (channelTargets.Count == 0)
            {
                continue;
            }

            messages[channel.Name] = renderer.Render(channel.Name, content);
            targets.AddRange(channelTargets.Select(t => (channel.Name, t)));
        }

        return targets.Count == 0 ? null : Queue(scope, content, messages, targets, actor, now);
    }

    /// <summary>
    /// Queues the notification to one explicit target on one channel, whoever follows what (a sign-up code to the
    /// number that asked for it). Returns null when that channel is off or does not carry the event.
    /// </summary>
    public Notification? EnqueueTo(WriteScope scope, NotificationContent content, string channel, string target, string actor, DateTime now) =>
        EnqueueTo(scope, content, channel, [target], actor, now);

    /// <summary>Queues the notification to explicit targets on one channel (a customer letter to the addresses staff chose).</summary>
    public Notification? EnqueueTo(WriteScope scope, NotificationContent content, string channel, IReadOnlyCollection<string> targets, string actor, DateTime now)
    {
        var found = _channels.FirstOrDefault(c => c.Name == channel);
        if (found is null || found.ConfigurationProblem is not null || !found.Carries(content.Event) || targets.Count == 0)
        {
            return null;
        }

        var messages = new Dictionary<string, ChannelMessage>(StringComparer.Ordinal) { [channel] = renderer.Render(channel, content) };
        return Queue(scope, content, messages, [.. targets.Select(t => (channel, t))], actor, now);
    }

    private static Notification Queue(WriteScope scope, NotificationContent content, Dictionary<string, ChannelMessage> messages, List<(string Channel, string Target)> targets, string actor, DateTime now)
    {
        var notification = new Notification
        {
            Id = Ids.New(),
            Event = content.Event,
            Title = content.Title,
            Subject = content.Subject,
            UpdateId = content.UpdateId,
            ComponentIds = [.. content.ComponentIds],
            Messages = messages,
            CreatedBy = actor,
            CreatedAt = now,
            Version = 1,
        };
        OutboxStore.Enqueue(scope, notification, targets, now);
        return notification;
    }

    private List<string> TargetsFor(string channel, NotificationContent content, IDocumentReader reader) =>
        _recipients.SelectMany(source => source.Targets(channel, content, reader)).Distinct(StringComparer.Ordinal).ToList();
}
