using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.Channels;

/// <summary>Which channels a publish goes to: null means every channel that is on, empty means none.</summary>
public sealed record PublishChoice(IReadOnlyCollection<string>? Channels)
{
    public static readonly PublishChoice AllChannels = new((IReadOnlyCollection<string>?)null);
    public static readonly PublishChoice Silent = new(Array.Empty<string>());

    public bool Includes(string channel) => Channels is null || Channels.Contains(channel, StringComparer.Ordinal);
}

/// <summary>Who receives a notification on a channel. Configured lists, staff-managed webhooks and (later) subscribers each add targets.</summary>
public interface IRecipientSource
{
    IEnumerable<string> Targets(string channel, NotificationContent content, IDocumentReader reader);
}

/// <summary>What one channel would send, shown to staff before they publish.</summary>
public sealed record ChannelPreview(string Channel, bool IsOn, string? Problem, bool CarriesEvent, ChannelMessage? Message, int Recipients, Sms.SmsSegments? SmsSegments);

/// <summary>
/// Renders a notification for every channel and queues one delivery per target in the caller's
/// transaction, so the update and its deliveries are saved together or not at all.
/// </summary>
public sealed class NotificationPublisher(
    IEnumerable<INotificationChannel> channels,
    MessageRenderer renderer,
    IEnumerable<IRecipientSource> recipients,
    IOptions<StatusPageOptions> pageOptions)
{
    private readonly IReadOnlyList<INotificationChannel> _channels = [.. channels];
    private readonly IReadOnlyList<IRecipientSource> _recipients = [.. recipients];

    public IReadOnlyList<INotificationChannel> Channels => _channels;

    public PageInfo Page => new(pageOptions.Value.Name, pageOptions.Value.BaseUrl);

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
                channel.Name == ChannelNames.Sms && message is not null ? Sms.SmsText.Count(message.Text) : null);
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

    /// <summary>
    /// Queues one component webhook per changed component, when the publish includes webhooks. <paramref name="overall"/>
    /// is the page's status once the write is saved (<see cref="OverallStatus.Read"/>).
    /// </summary>
    public void EnqueueComponentChanges(WriteScope scope, IReadOnlyList<ComponentStatusChanged> changes, OverallStatus overall, PublishChoice? choice, string actor, DateTime now)
    {
        if (changes.Count == 0 || !(choice ?? PublishChoice.AllChannels).Includes(ChannelNames.Webhook))
        {
            return;
        }

        foreach (var change in changes)
        {
            Enqueue(scope, NotificationContent.ForComponent(change, Page, overall), new PublishChoice([ChannelNames.Webhook]), actor, now);
        }
    }

    /// <summary>The notice of an incident update; <paramref name="overall"/> is the page's status once it is saved (<see cref="OverallStatus.Read"/>).</summary>
    public NotificationContent ContentFor(Incident incident, IncidentUpdate update, bool isNew, OverallStatus overall, IDocumentReader reader)
    {
        var notificationEvent = isNew ? NotificationEvent.IncidentCreated
            : update.Status == IncidentStatus.Resolved ? NotificationEvent.IncidentResolved
            : NotificationEvent.IncidentUpdated;
        return NotificationContent.ForIncident(notificationEvent, incident, update, Page, overall, ComponentNames(reader));
    }

    public NotificationContent ContentFor(ScheduledMaintenance maintenance, NotificationEvent notificationEvent, IDocumentReader reader) =>
        NotificationContent.ForMaintenance(notificationEvent, maintenance, Page, OverallStatus.Read(reader), ComponentNames(reader));

    public NotificationContent ContentFor(Postmortems.PublishedPostmortem postmortem, IDocumentReader reader) =>
        NotificationContent.ForPostmortem(postmortem, Page, OverallStatus.Read(reader), ComponentNames(reader));

    private List<string> TargetsFor(string channel, NotificationContent content, IDocumentReader reader) =>
        _recipients.SelectMany(source => source.Targets(channel, content, reader)).Distinct(StringComparer.Ordinal).ToList();

    private static Func<string, string> ComponentNames(IDocumentReader reader)
    {
        var names = reader.Collection<StatusComponent>().FindAll().ToDictionary(c => c.Id, c => c.Name);
        return id => names.GetValueOrDefault(id, id);
    }
}
