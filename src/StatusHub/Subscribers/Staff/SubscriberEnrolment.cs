using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Webhooks;
using StatusHub.Localization;
using StatusHub.Storage;

namespace StatusHub.Subscribers.Staff;

/// <summary>
/// One subscriber staff add by hand. <paramref name="Address"/> as typed; <paramref name="ComponentIds"/> empty for
/// every component; <paramref name="Language"/> one of <see cref="Languages.Supported"/>, or null for the page's.
/// </summary>
public sealed record NewSubscriber(string Channel, string? Address, IReadOnlyList<string> ComponentIds, string? Language, bool SkipConfirmation);

/// <summary>
/// Adds one subscriber for staff, from the staff subscribers page or the management API. Either as already confirmed
/// (someone who asked on the phone), or by starting the sign-up the customer would go through on the subscribe page for
/// them: an email link, an SMS code, or a webhook's signed verification ping. Either way the staff member is audited.
/// </summary>
public sealed class SubscriberEnrolment(
    SubscriberService subscribers,
    SubscriberDirectory directory,
    EmailSubscriptions email,
    SmsSignUp sms,
    WebhookSignUp webhooks,
    LiteStore store,
    TimeProvider time)
{
    /// <summary>The channels a subscriber can be added on by address; Telegram subscribers start the bot themselves.</summary>
    public static IReadOnlyList<string> Channels { get; } = [ChannelNames.Email, ChannelNames.Sms, ChannelNames.Webhook];

    /// <summary>The longest address of any of them (a webhook URL); each channel's own check is stricter.</summary>
    public const int MaxAddressLength = WebhookEndpoint.MaxUrlLength;

    public async Task<SubscriberRow> AddAsync(NewSubscriber request, string actor, CancellationToken cancellationToken)
    {
        if (!Channels.Contains(request.Channel, StringComparer.Ordinal))
        {
            throw new ValidationException($"A subscriber is added on {string.Join(", ", Channels)}; Telegram readers start the bot themselves.");
        }

        var channel = request.Channel;
        var address = SubscriberAddresses.Normalise(channel, request.Address);
        var language = request.Language is null ? null
            : Languages.Normalize(request.Language) ?? throw new ValidationException($"The language is one of {string.Join(", ", Languages.Supported)}, or none for the page's.");
        var all = request.ComponentIds.Count == 0;
        if (subscribers.Find(channel, address) is { State: SubscriberState.Active })
        {
            throw new ConflictException($"{SubscriberAddresses.Mask(channel, address)} is already an active {channel} subscriber.");
        }

        if (request.SkipConfirmation)
        {
            subscribers.AddConfirmed(channel, address, all, request.ComponentIds, actor, language);
        }
        else
        {
            await StartConfirmationAsync(channel, address, all, request.ComponentIds, language, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            store.Write(scope => scope.Audit(now, actor, "subscriber.invited", $"subscriber:{channel}", SubscriberAddresses.Mask(channel, address)), affectsStatusPage: false);
        }

        return directory.Row(Subscriber.KeyFor(channel, address)) ?? throw new InvalidOperationException("The subscriber was not saved.");
    }

    private async Task StartConfirmationAsync(string channel, string address, bool all, IReadOnlyList<string> ids, string? language, CancellationToken cancellationToken)
    {
        switch (channel)
        {
            case ChannelNames.Email:
                var outcome = email.SignUp(address, new SubscriptionChoice(all, ids), language);
                if (outcome != EmailSignUpOutcome.Sent)
                {
                    throw new ValidationException(outcome == EmailSignUpOutcome.EmailOff
                        ? "The backup email channel is off, so no confirmation can be sent: configure Email, or add the subscriber as already confirmed (skip_confirmation_notification in the API)."
                        : "Too many confirmation emails went to this address in the last hour; try later.");
                }

                break;
            case ChannelNames.Sms:
                if (!sms.IsAvailable)
                {
                    throw new ValidationException("The SMS channel is off, so no code can be sent: configure Sms, or add the subscriber as already confirmed (skip_confirmation_notification in the API).");
                }

                if (sms.Start(address, all, ids, language) is SmsSignUpResult.TooManyCodes)
                {
                    throw new ValidationException("Too many codes went to this number in the last hour; try later.");
                }

                break;
            default:
                if (!webhooks.IsAvailable)
                {
                    throw new ValidationException("Webhook subscriptions are off, so no verification ping can be sent: set Webhooks:Secret, or add the subscriber as already confirmed (skip_confirmation_notification in the API).");
                }

                var verification = await webhooks.StartAsync(address, all, ids, cancellationToken);
                if (!verification.Active)
                {
                    throw new ValidationException($"The endpoint did not answer the signed verification ping with a 2xx ({verification.Problem}); it stays pending and receives nothing.");
                }

                break;
        }
    }
}
