using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace StatusHub.Benchmarks;

/// <summary>One reader request: when it started (seconds since the run's origin), how long it took, and its status (0: no answer).</summary>
public readonly record struct ReaderSample(double StartedAt, double Milliseconds, int Status)
{
    public bool Succeeded => Status is >= 200 and < 400;
}

/// <summary>
/// Concurrent reader loops, each asking alternately for <c>/</c> and <c>/api/v2/summary.json</c> (gzip accepted, as
/// browsers do), pausing between requests, and keeping every request's start, latency and status so the run can cut
/// them by phase. A refused connection (the app killed) is an error and the loop carries on.
/// </summary>
public sealed class ChaosReaders : IAsyncDisposable
{
    private static readonly string[] Paths = ["/", "/api/v2/summary.json"];

    private readonly HttpClient _http;
    private readonly ConcurrentQueue<ReaderSample> _samples = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Func<double> _now;

    public ChaosReaders(Uri baseAddress, int readers, TimeSpan thinkTime, Func<double> now)
    {
        _now = now;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = readers,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };
        _http.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip");
        _running = Task.WhenAll(Enumerable.Range(0, readers).Select(i => Task.Run(() => ReadAsync(i, thinkTime))));
    }

    public IReadOnlyList<ReaderSample> Samples => [.. _samples];

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(int reader, TimeSpan thinkTime)
    {
        // Spread over the first pause, so the readers do not all ask in the same millisecond.
        await Pause(TimeSpan.FromMilliseconds(Random.Shared.Next((int)thinkTime.TotalMilliseconds + 1)));
        for (var i = reader; !_stop.IsCancellationRequested; i++)
        {
            var startedAt = _now();
            var clock = Stopwatch.StartNew();
            int status;
            try
            {
                using var response = await _http.GetAsync(Paths[i % Paths.Length], HttpCompletionOption.ResponseContentRead, _stop.Token);
                status = (int)response.StatusCode;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                status = 0;
            }

            _samples.Enqueue(new ReaderSample(startedAt, clock.Elapsed.TotalMilliseconds, status));
            await Pause(thinkTime);
        }
    }

    private async Task Pause(TimeSpan pause)
    {
        try
        {
            await Task.Delay(pause, _stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
