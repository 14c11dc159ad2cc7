using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.Subscribers;

public enum EmailSignUpOutcome
{
    /// <summary>A confirmation, or for an active address a reminder, is queued: the answer is the same either way.</summary>
    Sent,
    TooManyForAddress,
    EmailOff,
}

/// <summary>
/// Email double opt-in: a sign-up stores a pending subscriber with a random token and sends the link only to
/// that address through the backup email channel; opening the link activates it.
/// </summary>
public sealed class EmailSubscriptions(
    SubscriberService subscribers,
    LiteStore store,
    NotificationPublisher publisher,
    StatusSnapshotService snapshots,
    AddressLimiter limiter,
    OutboxStore outbox,
    IOptions<SubscribersOptions> options,
    TimeProvider time)
{
    public bool EmailIsOn => publisher.Channels.Any(c => c.Name == ChannelNames.Email && c.ConfigurationProblem is null);

    /// <summary>
    /// Throws <see cref="ValidationException"/> for an address or choice that cannot be used. <paramref name="language"/>
    /// (null: the page's) is kept on a new sign-up and used for the confirmation and every message after it.
    /// </summary>
    public EmailSignUpOutcome SignUp(string? address, SubscriptionChoice choice, string? language = null)
    {
        var normalised = SubscriberAddresses.Normalise(ChannelNames.Email, address);
        if (!EmailIsOn)
        {
            return EmailSignUpOutcome.EmailOff;
        }

        var key = Subscriber.KeyFor(ChannelNames.Email, normalised);
        if (!limiter.MaySend(key))
        {
            return EmailSignUpOutcome.TooManyForAddress;
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var validFor = options.Value.ConfirmationValidFor;
        // A subscriber whose mail bounced gets a link again, not a reminder: opening it shows the mailbox reads mail again.
        var failing = outbox.IsFailing(ChannelNames.Email, normalised);
        var subscriber = subscribers.StartSignUp(ChannelNames.Email, normalised, choice.All, choice.ComponentIds, token, validFor, language ?? publisher.Language, confirmAgain: failing);
        var snapshot = snapshots.Current;
        var active = subscriber.State == SubscriberState.Active && !failing;
        var content = NotificationContent.ForSubscription(
            publisher.Page,
            active ? null : publisher.Page.Link($"/subscribe/confirm?id={Uri.EscapeDataString(subscriber.Id)}&token={token}"),
            active ? null : subscriber.ConfirmationExpiresAt,
            SubscriptionChoice.Following(subscriber.AllComponents, subscriber.ComponentIds, snapshot));
        var now = time.GetUtcNow().UtcDateTime;
        store.Write(scope => publisher.EnqueueTo(scope, content, ChannelNames.Email, normalised, SubscriberAddresses.Mask(ChannelNames.Email, normalised), now, subscriber.Language), affectsStatusPage: false);
        limiter.Record(key);
        return EmailSignUpOutcome.Sent;
    }

    /// <summary>
    /// Activates the subscriber; an address that once unsubscribed in one click and now confirmed again is no longer
    /// suppressed, and one marked failing after a bounce is no longer skipped (the link reached its mailbox).
    /// </summary>
    public ConfirmationResult Confirm(string? id, string? token)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(token) || id.Length > Subscriber.MaxAddressLength || token.Length > 100 ||
            !id.StartsWith(ChannelNames.Email + ":", StringComparison.Ordinal))
        {
            return ConfirmationResult.Wrong;
        }

        var result = subscribers.Confirm(id, token);
        var address = id[(ChannelNames.Email.Length + 1)..];
        if (result == ConfirmationResult.Confirmed)
        {
            store.Write(scope => scope.Collection<EmailSuppression>().Delete(address), affectsStatusPage: false);
        }

        if (result is ConfirmationResult.Confirmed or ConfirmationResult.AlreadyActive)
        {
            outbox.Reachable(ChannelNames.Email, address, SubscriberAddresses.Mask(ChannelNames.Email, address));
        }

        return result;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
