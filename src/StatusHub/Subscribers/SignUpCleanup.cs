using Microsoft.Extensions.Options;
using StatusHub.Channels.Outbox;

namespace StatusHub.Subscribers;

/// <summary>
/// Hourly: forgets sign-ups that were never confirmed and the codes and links sent for them, a day after the longest of
/// them expired. Someone who typed an address and walked away leaves nothing behind.
/// </summary>
public sealed class SignUpCleanup(SubscriberService subscribers, OutboxStore outbox, IOptions<SubscribersOptions> options, TimeProvider time, ILogger<SignUpCleanup> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Kept past expiry, so a confirmation clicked just too late still gets a page that says so.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    /// <summary>One round; returns (sign-ups, notices) deleted.</summary>
    public (int SignUps, int Notices) RunOnce()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var signUps = subscribers.DeleteUnconfirmed(now - Grace);
        var longest = options.Value.ConfirmationValidFor > SmsSignUp.CodeValidFor ? options.Value.ConfirmationValidFor : SmsSignUp.CodeValidFor;
        var notices = outbox.DeleteSignUpNotices(now - longest - Grace);
        if (signUps + notices > 0)
        {
            logger.LogInformation("Deleted {SignUps} sign-ups never confirmed and {Notices} expired sign-up codes and confirmation links", signUps, notices);
        }

        return (signUps, notices);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    RunOnce();
                }
                catch (Storage.ReadOnlyException)
                {
                    // Housekeeping waits for read-only mode to end; the next round catches up.
                }
                catch (Exception ex) when (ex is LiteDB.LiteException or IOException)
                {
                    logger.LogWarning(ex, "Cleaning up expired sign-ups failed; trying again in {Interval}", Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
