using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace StatusHub.Channels.Outbox;

public sealed partial class Dispatcher
{
    /// <summary>
    /// Sends claimed rows, at most the channel's concurrency at once, and writes each group of outcomes back in the same
    /// transaction that claims as many rows as the window has room for, so claimed-but-unrecorded never exceeds it.
    /// <paramref name="stoppingToken"/> stops starting sends; the ones already started get the shutdown grace before they
    /// are cut off, so what reached the receiver is recorded as sent. Returns how many rows were claimed in all.
    /// </summary>
    private async Task<int> SendWindowAsync(INotificationChannel channel, IReadOnlyList<Delivery> firstClaim, int window, Lane lane, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var concurrency = Math.Max(1, channel.Limits.Concurrency);
        var toSend = new Queue<Delivery>(firstClaim);
        var claimedInAll = firstClaim.Count;
        var finished = System.Threading.Channels.Channel.CreateUnbounded<Attempt>(new() { SingleReader = true });
        var notifications = new Dictionary<string, Notification?>(StringComparer.Ordinal);
        var unattempted = new List<Delivery>();
        var sending = 0;
        var paused = false;
        ExceptionDispatchInfo? failure = null;
        using var group = new OutcomeGroup(settings.GroupCommitSize, settings.GroupCommitWait, time);
        using var grace = new CancellationTokenSource();
        using var graceStarts = stoppingToken.Register(() => grace.CancelAfter(settings.ShutdownGrace));
        try
        {
            while (true)
            {
                while (sending < concurrency && toSend.TryDequeue(out var delivery))
                {
                    if (stoppingToken.IsCancellationRequested || failure is not null || paused)
                    {
                        unattempted.Add(delivery);
                        continue;
                    }

                    if (!notifications.TryGetValue(delivery.NotificationId, out var notification))
                    {
                        notifications[delivery.NotificationId] = notification = outbox.Notification(delivery.NotificationId);
                    }

                    sending++;
                    // On the thread pool, so composing one message (MIME, Markdown) overlaps the others' sends.
                    _ = Task.Run(() => SendOneAsync(channel, delivery, notification, lane, finished.Writer, stoppingToken, grace.Token), CancellationToken.None);
                }

                if (sending == 0 && group.Count == 0)
                {
                    break;
                }

                for (var attempt = sending > 0 ? await group.NextAsync(finished.Reader) : null; attempt is not null; attempt = finished.Reader.TryRead(out var next) ? next : null)
                {
                    sending--;
                    if (attempt.Error is { } error)
                    {
                        // Cut off after the grace, or failed outside the channel: the row stays in flight until the next start.
                        if (stoppingToken.IsCancellationRequested && error is OperationCanceledException)
                        {
                            Interlocked.Increment(ref _cutOff);
                        }
                        else
                        {
                            failure ??= ExceptionDispatchInfo.Capture(error);
                        }
                    }
                    else if (attempt.Result is { } result)
                    {
                        group.Add(new DeliveryOutcome(attempt.Delivery, result, time.GetUtcNow().UtcDateTime, RetryDelay(attempt.Delivery, result)));
                        if (result is SendResult.Transient { ChannelWide: true } down && !paused)
                        {
                            // Every other row would fail the same way: put the rest back and claim nothing for a while.
                            paused = true;
                            lane.PausedUntil = time.GetUtcNow().UtcDateTime + lane.Pause();
                            logger.LogWarning("Channel {Channel} paused until {Until:o}: {Error}", channel.Name, lane.PausedUntil, down.Error);
                        }
                        else if (result is SendResult.Sent)
                        {
                            lane.ChannelFailures = 0;
                        }

                        Beat(channel.Name);
                        if (stoppingToken.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref _finishedWhileStopping);
                        }
                    }
                    else
                    {
                        unattempted.Add(attempt.Delivery);
                    }
                }

                // With nothing left on the wire no other outcome can join the group: waiting longer would only delay it.
                if (group.Count > 0 && (group.Due || sending == 0))
                {
                    var room = stoppingToken.IsCancellationRequested || failure is not null || paused ? 0 : window - toSend.Count - sending;
                    var refill = Commit(channel, group, room);
                    claimedInAll += refill.Count;
                    foreach (var delivery in refill)
                    {
                        toSend.Enqueue(delivery);
                    }
                }
            }
        }
        finally
        {
            // Whatever was sent is recorded even when shutting down, so a restart never sends it twice.
            Commit(channel, group, 0);
            outbox.Release(unattempted);
            if (stoppingToken.IsCancellationRequested)
            {
                Interlocked.Add(ref _released, unattempted.Count);
            }
        }

        failure?.Throw();
        stoppingToken.ThrowIfCancellationRequested();
        return claimedInAll;
    }

    private async Task SendOneAsync(INotificationChannel channel, Delivery delivery, Notification? notification, Lane lane, ChannelWriter<Attempt> finished, CancellationToken stoppingToken, CancellationToken token)
    {
        Attempt attempt;
        try
        {
            attempt = new(delivery, await AttemptAsync(channel, delivery, notification, lane.Gate, lane.PerTarget, stoppingToken, token), null);
        }
        catch (Exception ex)
        {
            attempt = new(delivery, null, ex);
        }

        finished.TryWrite(attempt);
    }

    /// <summary>Writes the group's outcomes back and claims up to <paramref name="room"/> more rows, in one transaction.</summary>
    private IReadOnlyList<Delivery> Commit(INotificationChannel channel, OutcomeGroup group, int room)
    {
        var outcomes = group.Take();
        // Counted before they are written: the attempts happened whether or not the write succeeds.
        metrics.Record(outcomes);
        var claimed = outbox.CompleteAndClaim(outcomes, channel.Name, room, time.GetUtcNow().UtcDateTime);
        foreach (var failure in outcomes.Where(o => o.Result is SendResult.Permanent or SendResult.Transient))
        {
            logger.LogWarning("{Channel} delivery to {Target} failed ({Kind}): {Error}", channel.Name, failure.Delivery.Target,
                failure.Result is SendResult.Permanent ? "permanent" : $"will retry, attempt {failure.Delivery.Attempts}", Describe(failure.Result));
        }

        return claimed;
    }
}
