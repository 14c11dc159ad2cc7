using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Storage;

namespace StatusHub.Channels;

/// <summary>
/// Renders a notification for every channel, in each language its recipients read (only those: a 10,000-subscriber
/// fan-out costs one rendering per language, not per recipient), and queues one delivery per target in the caller's
/// transaction, so the update and its deliveries are saved together or not at all.
/// </summary>
public sealed class NotificationPublisher(
    IEnumerable<INotificationChannel> channels,
    MessageRenderer renderer,
    IEnumerable<IRecipientSource> recipients,
    IPageAddress address,
    PageLanguage pageLanguage)
{
    private readonly IReadOnlyList<INotificationChannel> _channels = [.. channels];
    private readonly IReadOnlyList<IRecipientSource> _recipients = [.. recipients];

    public IReadOnlyList<INotificationChannel> Channels => _channels;

    public PageInfo Page => address.Page;

    /// <summary>Null when <paramref name="channel"/> can send; otherwise why not, in a sentence staff can act on.</summary>
    public string? ProblemOf(string channel) =>
        _channels.FirstOrDefault(c => c.Name == channel) is { } found ? found.ConfigurationProblem : $"the {channel} channel is not set up";

    /// <summary>The page's language (<c>StatusPage:Language</c>): what a target without a language of its own reads.</summary>
    public string Language => pageLanguage.Code;

    public IReadOnlyList<ChannelPreview> Preview(NotificationContent content, IDocumentReader reader) =>
        _channels.Select(channel =>
        {
            var carries = channel.Carries(content.Event);
            var page = pageLanguage.Code;
            var message = carries ? renderer.Render(channel.Name, content, page) : null;
            var targets = carries ? TargetsFor(channel.Name, content, reader) : [];
            return new ChannelPreview(
                channel.Name,
                channel.ConfigurationProblem is null,
                channel.ConfigurationProblem,
                carries,
                message,
                targets.Count,
                channel.Name == ChannelNames.Sms && message is not null ? Sms.SmsText.Count(message.Text) : null,
                message is null ? null : channel.Measure(message))
            {
                PageLanguage = page,
                RecipientsByLanguage = [.. targets.CountBy(t => t.Language ?? page).OrderBy(l => l.Key == page ? 0 : 1).ThenBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, l.Value))],
            };
        }).ToList();

    /// <summary>Queues the notification on every chosen channel that is on and carries the event. Returns null when nothing was queued.</summary>
    public Notification? Enqueue(WriteScope scope, NotificationContent content, PublishChoice choice, string actor, DateTime now)
    {
        var messages = new Dictionary<string, ChannelMessage>(StringComparer.Ordinal);
        var targets = new List<(string Channel, string Target, string? Language)>();
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

            AddMessages(messages, channel.Name, content, channelTargets.Select(t => t.Language!));
            targets.AddRange(channelTargets.Select(t => (channel.Name, t.Target, (string?)t.Language)));
        }

        return targets.Count == 0 ? null : Queue(scope, content, messages, targets, actor, now);
    }

    /// <summary>
    /// Queues the notification to one explicit target on one channel, whoever follows what (a sign-up code to the
    /// number that asked for it). Returns null when that channel is off or does not carry the event.
    /// </summary>
    public Notification? EnqueueTo(WriteScope scope, NotificationContent content, string channel, string target, string actor, DateTime now, string? language = null) =>
        EnqueueTo(scope, content, channel, [new Recipient(target, language)], actor, now);

    /// <summary>
    /// Queues the notification to explicit recipients on one channel (a customer letter to the addresses staff chose),
    /// each in its own language (null: the page's), rendered once per language as a published notice is.
    /// </summary>
    public Notification? EnqueueTo(WriteScope scope, NotificationContent content, string channel, IReadOnlyCollection<Recipient> recipients, string actor, DateTime now)
    {
        var found = _channels.FirstOrDefault(c => c.Name == channel);
        if (found is null || found.ConfigurationProblem is not null || !found.Carries(content.Event) || recipients.Count == 0)
        {
            return null;
        }

        var targets = recipients.DistinctBy(r => r.Target, StringComparer.Ordinal).Select(r => (Channel: channel, r.Target, Language: (string?)pageLanguage.Of(r.Language))).ToList();
        var messages = new Dictionary<string, ChannelMessage>(StringComparer.Ordinal);
        AddMessages(messages, channel, content, targets.Select(t => t.Language!));
        return Queue(scope, content, messages, targets, actor, now);
    }

    /// <summary>
    /// The channel's message once in each of the recipients' <paramref name="languages"/> (resolved, never null), under the
    /// channel's name for the page's language.
    /// </summary>
    private void AddMessages(Dictionary<string, ChannelMessage> messages, string channel, NotificationContent content, IEnumerable<string> languages)
    {
        foreach (var language in languages.Distinct(StringComparer.Ordinal))
        {
            messages[language == pageLanguage.Code ? channel : Notification.KeyFor(channel, language)] = renderer.Render(channel, content, language);
        }
    }

    private static Notification Queue(WriteScope scope, NotificationContent content, Dictionary<string, ChannelMessage> messages, List<(string Channel, string Target, string? Language)> targets, string actor, DateTime now)
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

    /// <summary>Every target once, each with the language it reads (the page's when it has none of its own).</summary>
    private List<Recipient> TargetsFor(string channel, NotificationContent content, IDocumentReader reader) =>
        _recipients.SelectMany(source => source.Targets(channel, content, reader))
            .DistinctBy(r => r.Target, StringComparer.Ordinal)
            .Select(r => r with { Language = pageLanguage.Of(r.Language) })
            .ToList();
}
