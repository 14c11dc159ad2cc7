using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Storage;

namespace StatusHub.Channels;

public sealed class ChannelHealthService(
    IEnumerable<INotificationChannel> channels,
    IEnumerable<IChannelHealthSource> otherSources,
    NotificationPublisher publisher,
    TemplateLibrary templates,
    LiteStore store,
    OutboxReadModel outbox,
    TimeProvider time)
{
    public IReadOnlyList<TemplateProblem> TemplateProblems => [.. templates.Problems];

    public IReadOnlyList<ChannelHealth> All() => [.. channels.Select(Of), .. otherSources.Select(s => s.Health())];

    public ChannelHealth Of(INotificationChannel channel)
    {
        var activity = store.Collection<ChannelActivity>().FindById(channel.Name) ?? FromRows(channel.Name);
        return new ChannelHealth(
            channel.Name,
            channel.ConfigurationProblem is null,
            channel.ConfigurationProblem,
            activity?.LastSuccessAt,
            activity?.LastFailureAt,
            activity?.LastError,
            outbox.QueueLength(channel.Name),
            store.Collection<FailingTarget>().Count(f => f.Channel == channel.Name));
    }

    /// <summary>
    /// For a store from before <see cref="ChannelActivity"/> was kept (until the channel's next delivery writes one):
    /// read from the rows, which sorts every row of the channel.
    /// </summary>
    private ChannelActivity? FromRows(string channel)
    {
        var deliveries = store.Collection<Delivery>();
        var lastSuccess = deliveries.Query()
            .Where(d => d.Channel == channel && d.State == DeliveryState.Sent)
            .OrderByDescending(d => d.SentAt)
            .Limit(1)
            .ToList()
            .FirstOrDefault();
        var lastFailure = deliveries.Query()
            .Where(d => d.Channel == channel && d.LastError != null)
            .OrderByDescending(d => d.LastAttemptAt)
            .Limit(1)
            .ToList()
            .FirstOrDefault();
        return lastSuccess is null && lastFailure is null
            ? null
            : new ChannelActivity { Id = channel, LastSuccessAt = lastSuccess?.SentAt, LastFailureAt = lastFailure?.LastAttemptAt, LastError = lastFailure?.LastError };
    }

    /// <summary>Queues a test message to every target of one channel; returns how many were queued.</summary>
    public int SendTest(string channelName, string actor)
    {
        var channel = channels.FirstOrDefault(c => c.Name == channelName) ?? throw new NotFoundException($"There is no channel '{channelName}'.");
        if (channel.ConfigurationProblem is { } problem)
        {
            throw new ValidationException($"The {channel.Name} channel is off: {problem}.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var content = NotificationContent.ForTest(publisher.Page, actor);
        var notification = store.Write(
            scope =>
            {
                var queued = publisher.Enqueue(scope, content, new PublishChoice([channel.Name]), actor, now);
                Audit.AuditWriteScopeExtensions.Audit(scope, now, actor, "channel.test", $"channel:{channel.Name}", queued is null ? "no targets" : queued.Id);
                return queued;
            },
            affectsStatusPage: false);
        if (notification is null)
        {
            throw new ValidationException($"The {channel.Name} channel has no one to send to: configure its recipients first.");
        }

        return outbox.Progress(notification.Id).Sum(p => p.Total);
    }
}
