using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, port 0) standing in for an SMS gateway or a webhook receiver.
/// It checks the <see cref="HookSigner"/> signature with the shared secret as a real receiver would
/// (401 when it does not verify), records what it accepted, and can be told to fail or to be slow.
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _secret;
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentQueue<HttpStatusCode> _nextAnswers = new();
    private readonly ConcurrentQueue<TaskCompletionSource> _held = new();
    private int _rejected;
    private int _answered;

    private HttpReceiver(WebApplication app, string secret, TimeProvider clock)
    {
        _app = app;
        _secret = secret;
        _clock = clock;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>How long to wait before answering each request.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>While set, each signed request waits once it arrived until <see cref="ReleaseNext"/> lets it go, in arrival order.</summary>
    public bool Hold { get; set; }

    /// <summary>Requests <see cref="Hold"/> keeps waiting.</summary>
    public int Held => _held.Count;

    /// <summary>The answer to every request once <see cref="AnswerNext"/> has none left (200 to start with).</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    /// <summary>Sent as Retry-After (seconds) with a 429 or 503.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Sent as Location with a redirect.</summary>
    public Uri? Location { get; set; }

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>Signed requests answered, whatever the answer was.</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>Requests refused because the signature or timestamp did not verify.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    public static async Task<HttpReceiver> StartAsync(string secret, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new HttpReceiver(app, secret, clock ?? TimeProvider.System);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return receiver;
    }

    public Uri UrlFor(string path) => new(Url, path.TrimStart('/'));

    /// <summary>Answers the next requests with these statuses, in order, then goes back to <see cref="Answer"/>.</summary>
    public void AnswerNext(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses)
        {
            _nextAnswers.Enqueue(status);
        }
    }

    /// <summary>Lets the longest-waiting held request go on to its answer.</summary>
    public void ReleaseNext()
    {
        if (_held.TryDequeue(out var turn))
        {
            turn.SetResult();
        }
    }

    /// <summary>Polls (in real time: the sender is a real HTTP client) until <paramref name="done"/> holds.</summary>
    public Task WaitUntilAsync(Func<IReadOnlyList<ReceivedRequest>, bool> done, TimeSpan timeout) => PollAsync(() => done(Received), timeout);

    /// <summary>Polls until <paramref name="count"/> requests wait under <see cref="Hold"/>.</summary>
    public Task WaitUntilHeldAsync(int count, TimeSpan timeout) => PollAsync(() => Held >= count, timeout);

    private async Task PollAsync(Func<bool> done, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!done())
        {
            try
            {
                await Task.Delay(25, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The receiver got {_received.Count} requests ({Rejected} rejected) within {timeout.TotalSeconds:0} s, not what the test waited for.");
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var timestamp = context.Request.Headers[HookSigner.TimestampHeader].ToString();
        var signature = context.Request.Headers[HookSigner.SignatureHeader].ToString();
        if (!HookSigner.Verify(_secret, body, timestamp, signature, _clock.GetUtcNow(), TimeSpan.FromMinutes(5)))
        {
            Interlocked.Increment(ref _rejected);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (Hold)
        {
            var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _held.Enqueue(turn);
            await turn.Task.WaitAsync(context.RequestAborted);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        var status = _nextAnswers.TryDequeue(out var next) ? next : Answer;
        Interlocked.Increment(ref _answered);
        if (status is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.NoContent)
        {
            _received.Enqueue(new ReceivedRequest(
                context.Request.Path,
                body,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        }
        else if (RetryAfter is { } retryAfter && status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        else if (Location is { } location && (int)status is >= 300 and < 400)
        {
            context.Response.Headers.Location = location.ToString();
        }

        context.Response.StatusCode = (int)status;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
