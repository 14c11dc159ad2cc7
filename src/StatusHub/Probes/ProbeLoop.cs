using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StatusHub.Storage;

namespace StatusHub.Probes;

/// <summary>
/// Runs every enabled probe on its interval plus a little jitter (so probes set up together do not fire together), each
/// run under its own timeout, never two runs of one probe at once. A run's result is stored and a change of counted state
/// is logged and handed to every <see cref="IProbeStateListener"/>.
/// </summary>
public sealed class ProbeLoop(
    ProbeService probes,
    ProbeResults results,
    IEnumerable<IProbeCheck> checks,
    IEnumerable<IProbeStateListener> listeners,
    ProbeMetrics metrics,
    ReadOnlyMode readOnly,
    TimeProvider time,
    IOptions<ProbesOptions> options,
    ILogger<ProbeLoop> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly ReadOnlyPause _pause = new(readOnly, logger, "The probe loop");
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _due = new(StringComparer.Ordinal);

    /// <summary>Starts each enabled probe that is due and not still running; returns the runs it started.</summary>
    public IReadOnlyList<Task> StartDue(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var started = new List<Task>();
        var enabled = probes.All().Where(p => p.Enabled).ToList();
        foreach (var gone in _due.Keys.Except(enabled.Select(p => p.Id)))
        {
            _due.TryRemove(gone, out _);
        }

        foreach (var probe in enabled)
        {
            var due = _due.GetOrAdd(probe.Id, _ => now.Add(Jitter(probe)));
            // The placeholder is in before the run starts, so a run that ends at once still finds something to remove.
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (now < due || !_running.TryAdd(probe.Id, done.Task))
            {
                continue;
            }

            _due[probe.Id] = now.AddSeconds(probe.IntervalSeconds).Add(Jitter(probe));
            var run = Task.Run(() => RunAsync(probe, now, cancellationToken), CancellationToken.None);
            started.Add(run);
            _ = run.ContinueWith(_ =>
            {
                _running.TryRemove(probe.Id, out Task? _);
                done.SetResult();
            }, TaskScheduler.Default);
        }

        return started;
    }

    /// <summary>Runs one probe now and stores its result, whatever the schedule says.</summary>
    public async Task<ProbeCheckResult> RunAsync(Probe probe, DateTime startedAt, CancellationToken cancellationToken)
    {
        var result = await CheckAsync(probe, cancellationToken);
        metrics.Record(probe.Kind, result.Outcome);
        var change = results.Record(probe, startedAt, result);
        if (change is not null)
        {
            if (change.Failing)
            {
                logger.LogWarning("Probe {Probe} ({ProbeId}) counts as failing since {Since:O}: {WhatFailed}", change.ProbeName, change.ProbeId, change.Since, change.WhatFailed);
            }
            else
            {
                logger.LogInformation("Probe {Probe} ({ProbeId}) recovered at {Since:O}", change.ProbeName, change.ProbeId, change.Since);
            }

            foreach (var listener in listeners)
            {
                try
                {
                    await listener.OnChangedAsync(change, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "A probe state listener failed for probe {ProbeId}", change.ProbeId);
                }
            }
        }

        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Run)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_pause.Skip())
                {
                    StartDue(stoppingToken);
                }

                await Task.Delay(Tick, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The probe loop failed a round; trying again");
                await Task.Delay(Tick, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<ProbeCheckResult> CheckAsync(Probe probe, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(probe.TimeoutSeconds + (probe.Mail?.ArrivalTimeoutSeconds ?? 0));
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var started = time.GetTimestamp();
        try
        {
            var check = checks.First(c => c.Kind == probe.Kind);
            return await check.CheckAsync(probe, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProbeCheckResult.Failed(time.GetElapsedTime(started), $"Timed out after {limit.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ProbeCheckResult.Failed(time.GetElapsedTime(started), ex);
        }
    }

    /// <summary>Up to a tenth of the interval, at most 30 s.</summary>
    private static TimeSpan Jitter(Probe probe) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(probe.IntervalSeconds * 100.0, 30_000));
}
