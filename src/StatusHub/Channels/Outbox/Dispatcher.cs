using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StatusHub.Storage;

namespace StatusHub.Channels.Outbox;

/// <summary>
/// Delivers the outbox. Each channel has its own loop, concurrency and rate gate, so a channel that is
/// down or misconfigured only delays itself. A channel keeps at most a small window of rows claimed but not yet recorded
/// (<see cref="Window"/>: its concurrency plus one group of outcomes); outcomes are written back in small groups as the
/// sends finish, each in the transaction that claims the rows to send next. Rows in flight when the process dies are put
/// back in the queue at the next start, so a kill -9 sends at most the window twice. Stopping (SIGTERM, Ctrl-C) stops claiming, lets the
/// sends on the wire finish within <see cref="OutboxOptions.ShutdownGrace"/> and records them, and puts claimed rows
/// not yet attempted back in the queue.
/// </summary>
public sealed partial class Dispatcher(
    IEnumerable<INotificationChannel> channels,
    OutboxStore outbox,
    LiteStore store,
    Templates.TemplateLibrary templates,
    OutboxMetrics metrics,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<Dispatcher> logger) : BackgroundService
{
    private long _finishedWhileStopping;
    private long _released;
    private long _cutOff;

    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MisconfiguredPoll = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _wakeUps = new();
    private readonly SemaphoreSlim _expandWake = new(0, 1);
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _heartbeats = new(StringComparer.Ordinal);

    /// <summary>
    /// When each channel's loop last went round or finished a send. A channel missing here has no loop running: not
    /// started yet, or stopped.
    /// </summary>
    public IReadOnlyDictionary<string, DateTime> Heartbeats => _heartbeats;

    /// <summary>Tells every channel loop that there may be new work (raised by every write that queues deliveries).</summary>
    public void Wake()
    {
        foreach (var signal in _wakeUps.Values.Append(_expandWake))
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        templates.Check([.. ChannelNames.All, .. ChannelNames.Announcements, .. ChannelNames.Social]);
        var recovered = outbox.RecoverInFlight();
        if (recovered > 0)
        {
            logger.LogWarning("Put {Count} deliveries that were in flight when StatusHub stopped back in the queue", recovered);
        }

        store.Signalled += WakeOnQueued;
        // Before the loops' first turn, so a readiness check right after the start does not find them missing.
        foreach (var channel in channels)
        {
            _heartbeats[channel.Name] = time.GetUtcNow().UtcDateTime;
        }

        try
        {
            await Task.WhenAll(channels
                .Select(channel => Task.Run(() => RunAsync(channel, stoppingToken), stoppingToken))
                .Append(Task.Run(() => ExpandAsync(stoppingToken), stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            store.Signalled -= WakeOnQueued;
        }

        logger.LogInformation(
            "The outbox stopped: {Finished} sends in flight finished and their outcomes were recorded, {Released} claimed deliveries were put back in the queue, {CutOff} sends were cut off after the {Grace} s grace and will be retried",
            Interlocked.Read(ref _finishedWhileStopping), Interlocked.Read(ref _released), Interlocked.Read(ref _cutOff), options.Value.ShutdownGraceSeconds);
    }

    private void WakeOnQueued(string signal)
    {
        if (signal == OutboxStore.QueuedSignal)
        {
            Wake();
        }
    }

    /// <summary>Turns fan-out chunks into delivery rows, one chunk per transaction, so publishing and claims interleave with it.</summary>
    private async Task ExpandAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (outbox.ExpandNextChunk() == 0)
                {
                    // No poll: every write that saves chunks signals, and a start looks first. Waiting without a timer
                    // also keeps this loop out of the tests' "is the dispatcher idle" check, which counts armed timers.
                    await _expandWake.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Writing queued fan-out rows failed; retrying in a second");
                await Task.Delay(IdlePoll, time, stoppingToken);
            }
        }
    }

    private async Task RunAsync(INotificationChannel channel, CancellationToken stoppingToken)
    {
        try
        {
            await LoopAsync(channel, stoppingToken);
        }
        finally
        {
            _heartbeats.TryRemove(channel.Name, out _);
        }
    }

    private async Task LoopAsync(INotificationChannel channel, CancellationToken stoppingToken)
    {
        var wake = _wakeUps.GetOrAdd(channel.Name, _ => new SemaphoreSlim(0, 1));
        var loggedProblem = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            Beat(channel.Name);
            try
            {
                if (channel.ConfigurationProblem is { } problem)
                {
                    if (!loggedProblem)
                    {
                        logger.LogWarning("Channel {Channel} is off: {Problem}. Its deliveries stay queued until it is configured.", channel.Name, problem);
                        loggedProblem = true;
                    }

                    await WaitAsync(wake, MisconfiguredPoll, stoppingToken);
                    continue;
                }

                loggedProblem = false;
                if (await DeliverDueAsync(channel, stoppingToken) == 0)
                {
                    await WaitAsync(wake, IdlePoll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The {Channel} dispatcher loop failed; retrying in a second", channel.Name);
                await Task.Delay(IdlePoll, time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Claims due deliveries of <paramref name="channel"/> and sends them until none is due, recording outcomes in small
    /// groups as they come (<see cref="OutboxOptions.GroupCommitSize"/>, <see cref="OutboxOptions.GroupCommitWait"/>).
    /// Returns how many were claimed (0: nothing is due). The channel loops call it; tests call it to step the outbox.
    /// </summary>
    public async Task<int> DeliverDueAsync(INotificationChannel channel, CancellationToken cancellationToken)
    {
        var limits = channel.Limits;
        var window = Window(limits, options.Value);
        var lane = _lanes.GetOrAdd(channel.Name, _ => new Lane(new RateGate(limits.PerSecond, TimeSpan.FromSeconds(1), time)));
        var now = time.GetUtcNow().UtcDateTime;
        if (lane.PausedUntil > now)
        {
            return 0;
        }

        var claimed = outbox.Claim(channel.Name, window, now);
        return claimed.Count == 0 ? 0 : await SendWindowAsync(channel, claimed, window, lane, cancellationToken);
    }

    /// <summary>
    /// The most rows of a channel claimed but not yet recorded: what it sends at once plus one group of outcomes waiting
    /// to be written. Also the most a kill -9 can send twice (16 for 4 SMTP connections and groups of 12).
    /// </summary>
    public static int Window(ChannelLimits limits, OutboxOptions options) => Math.Max(1, limits.Concurrency) + options.GroupCommitSize;

    /// <summary>One send; null when the dispatcher began stopping before it started (the row goes back to the queue untouched).</summary>
    private async Task<SendResult?> AttemptAsync(INotificationChannel channel, Delivery delivery, Notification? notification, RateGate gate, ConcurrentDictionary<string, RateGate> perTarget, CancellationToken stoppingToken, CancellationToken token)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            return null;
        }

        if (notification?.MessageFor(channel.Name, delivery.Language) is not { } content)
        {
            return new SendResult.Permanent($"Notification {delivery.NotificationId} has no {channel.Name} message.");
        }

        // The target's pass is taken after the channel-wide wait, right before sending: taken earlier, a pass
        // could sit behind that wait while its window moves on, and the target would see more than its limit.
        // Both passes are held until the send is over (see RateGate): the receiver counts the message when it arrives.
        IDisposable channelPass;
        try
        {
            channelPass = await gate.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }

        using var channelPassHeldUntilSent = channelPass;
        IDisposable? targetPass = null;
        if (channel.Limits.PerTargetPerMinute is { } perMinute &&
            (targetPass = perTarget.GetOrAdd(delivery.Target, _ => new RateGate(perMinute, TimeSpan.FromMinutes(1), time)).TryTake(out var wait)) is null)
        {
            return new SendResult.Deferred(wait);
        }

        using var targetPassHeldUntilSent = targetPass;
        var thread = channel.ThreadsReplies ? outbox.ThreadRoot(channel.Name, delivery.Target, delivery.Subject) : null;
        try
        {
            return await channel.SendAsync(new OutgoingMessage(delivery, notification, content, thread), token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // An exception a channel did not classify is treated as passing: retried with backoff, never lost.
            return new SendResult.Transient($"{ex.GetType().Name}: {Text.ExceptionText.Describe(ex)}");
        }
    }

    private static TimeSpan RetryDelay(Delivery delivery, SendResult result) =>
        result is SendResult.Transient transient ? Backoff.Delay(delivery.Attempts, transient.RetryAfter) : TimeSpan.Zero;

    private static string Describe(SendResult result) => result switch
    {
        SendResult.Permanent p => p.Error,
        SendResult.Transient t => t.Error,
        _ => "",
    };

    /// <summary>Only for a running loop: a test stepping the outbox by hand does not make a loop look alive.</summary>
    private void Beat(string channel)
    {
        if (_heartbeats.ContainsKey(channel))
        {
            _heartbeats[channel] = time.GetUtcNow().UtcDateTime;
        }
    }

    private async Task WaitAsync(SemaphoreSlim wake, TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, stoppingToken);
        try
        {
            await wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One send as it ended: a result, or none (stopping before it started), or an error (cut off, or a fault outside the channel).</summary>
    private sealed record Attempt(Delivery Delivery, SendResult? Result, Exception? Error);

    /// <summary>A channel's rate limits, kept across sends: the whole channel's and each target's.</summary>
    private sealed record Lane(RateGate Gate)
    {
        public ConcurrentDictionary<string, RateGate> PerTarget { get; } = new(StringComparer.Ordinal);

        /// <summary>After a channel-wide failure nothing more is claimed until then; the next window tries the channel again.</summary>
        public DateTime PausedUntil { get; set; }

        /// <summary>Channel-wide failures since the last delivery that went out.</summary>
        public int ChannelFailures { get; set; }

        /// <summary>
        /// How long to send nothing after one more channel-wide failure: growing as the outage lasts, but at most
        /// <see cref="MaxChannelPause"/>, so a relay that is back is tried within half a minute.
        /// </summary>
        public TimeSpan Pause()
        {
            var pause = Backoff.Delay(++ChannelFailures);
            return pause < MaxChannelPause ? pause : MaxChannelPause;
        }
    }

    /// <summary>The longest a channel rests after a channel-wide failure before it tries one window again.</summary>
    public static readonly TimeSpan MaxChannelPause = TimeSpan.FromSeconds(30);
}
