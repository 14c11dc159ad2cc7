using StatusHub.Channels.Outbox;

namespace StatusHub.Channels;

/// <summary>
/// How one channel sends. Everything that decides what, to whom, when and how often (templates,
/// targets, rate limits, retries) is shared; a channel only knows how to hand one message over.
/// </summary>
public interface INotificationChannel
{
    /// <summary>"telegram", "email", "sms", "webhook": the key in the outbox, templates/ and the health view.</summary>
    string Name { get; }

    /// <summary>Null when the channel can send; otherwise which configuration keys are missing or wrong.</summary>
    string? ConfigurationProblem { get; }

    ChannelLimits Limits { get; }

    /// <summary>Whether later messages about the same subject reply under the first one (Telegram threads do).</summary>
    bool ThreadsReplies => false;

    /// <summary>How long a rendered message is against the platform's limit, for the preview (Mastodon's characters, Bluesky's graphemes); null where no count helps.</summary>
    PostLength? Measure(ChannelMessage message) => null;

    /// <summary>Whether this channel carries this kind of event at all (SMS only carries the big ones).</summary>
    bool Carries(NotificationEvent notificationEvent);

    Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>What the dispatcher hands a channel: the outbox row, the notification and this channel's rendering of it.</summary>
/// <param name="ThreadExternalId">The external id of the first message sent to this target about the same subject, to reply under.</param>
public sealed record OutgoingMessage(Delivery Delivery, Notification Notification, ChannelMessage Content, string? ThreadExternalId);

/// <summary>How hard the dispatcher may push a channel.</summary>
/// <param name="Concurrency">Sends in flight at once.</param>
/// <param name="PerSecond">Messages per second over the whole channel.</param>
/// <param name="PerTargetPerMinute">Messages per minute into one target (Telegram groups: 20), or null for no limit.</param>
public sealed record ChannelLimits(int Concurrency, double PerSecond, int? PerTargetPerMinute = null);

/// <summary>The outcome of one attempt.</summary>
public abstract record SendResult
{
    /// <param name="ExternalId">The channel's id for what it sent (to reply under, to pin).</param>
    /// <param name="DeliveryReported">True when the provider will report later, under <paramref name="ExternalId"/>,
    /// whether the message reached the handset (SMS delivery reports, see <see cref="Outbox.DeliveryReceipts"/>).</param>
    public sealed record Sent(string? ExternalId = null, bool DeliveryReported = false) : SendResult;

    /// <summary>Worth another try later (timeouts, refused connections, 5xx, SMTP 4xx, Telegram 429).</summary>
    /// <param name="ChannelWide">The channel itself failed, not this target (the relay refuses StatusHub's login or cannot
    /// be reached, the bot token is refused): every other target would fail the same way now, so the outbox sends nothing
    /// more on the channel until this delivery's retry is due.</param>
    public sealed record Transient(string Error, TimeSpan? RetryAfter = null, bool ChannelWide = false) : SendResult;

    /// <summary>Will never work for this target (chat not found, bot blocked, mailbox unavailable, 410 Gone): the target is
    /// marked failing and skipped for later notices.</summary>
    /// <param name="MessageOnly">True when only this message was refused (Telegram cannot parse it, the SMTP relay refuses
    /// it after DATA): the delivery is a dead letter, but the target is not marked failing, so later notices still reach it.</param>
    public sealed record Permanent(string Error, bool MessageOnly = false) : SendResult;

    /// <summary>Not attempted: the target's own rate limit is used up. Not counted as an attempt.</summary>
    public sealed record Deferred(TimeSpan Wait) : SendResult;
}
