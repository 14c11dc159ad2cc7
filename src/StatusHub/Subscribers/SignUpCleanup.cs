using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Subscribers;

/// <summary>
/// Hourly: forgets sign-ups that were never confirmed and the codes and links sent for them, a day after the longest of
/// them expired. Someone who typed an address and walked away leaves nothing behind.
/// </summary>
public sealed class SignUpCleanup(SubscriberService subscribers, OutboxStore outbox, IOptions<SubscribersOptions> options, ReadOnlyMode readOnly, TimeProvider time, ILogger<SignUpCleanup> logger)
    : Housekeeping(readOnly, time, logger, "Cleaning up expired sign-ups")
{
    /// <summary>Kept past expiry, so a confirmation clicked just too late still gets a page that says so.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    /// <summary>One round; returns (sign-ups, notices) deleted.</summary>
    public (int SignUps, int Notices) RunOnce()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var signUps = subscribers.DeleteUnconfirmed(now - Grace);
        var longest = options.Value.ConfirmationValidFor > SmsSignUp.CodeValidFor ? options.Value.ConfirmationValidFor : SmsSignUp.CodeValidFor;
        var notices = outbox.DeleteSignUpNotices(now - longest - Grace);
        if (signUps + notices > 0)
        {
            logger.LogInformation("Deleted {SignUps} sign-ups never confirmed and {Notices} expired sign-up codes and confirmation links", signUps, notices);
        }

        return (signUps, notices);
    }

    protected override void Clean() => RunOnce();
}
