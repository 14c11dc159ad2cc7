using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StatusHub.Tests.Support;

/// <summary>
/// A web app on 127.0.0.1 whose answers the test sets: status, body, and something to do before answering (move a fake
/// clock to play a slow answer, or wait for the test to let it go). Over https it presents the certificate the test made.
/// </summary>
public sealed class HttpTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentQueue<ReceivedRequest> _received = new();
    private int _requests;

    private HttpTarget(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public string Body { get; set; } = "ok";

    public string ContentType { get; set; } = "text/plain";

    /// <summary>Headers sent with every answer (e.g. Retry-After).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every request, whatever the answer was, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>
    /// Answers by request, for a peer speaking a protocol (a fake API with several methods and state); a null answer falls
    /// back to <see cref="Status"/> and <see cref="Body"/>.
    /// </summary>
    public Func<ReceivedRequest, PeerAnswer?>? Route { get; set; }

    /// <summary>Awaited before each answer.</summary>
    public Func<Task>? BeforeAnswer { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public static Task<HttpTarget> StartAsync() => StartAsync(null);

    /// <summary>An https target on 127.0.0.1 presenting <paramref name="certificate"/> (see <see cref="TestCertificates"/>).</summary>
    public static Task<HttpTarget> StartHttpsAsync(X509Certificate2 certificate) => StartAsync(certificate);

    private static async Task<HttpTarget> StartAsync(X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var target = new HttpTarget(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref target._requests);
            ReceivedRequest received;
            using (var reader = new StreamReader(context.Request.Body))
            {
                received = new ReceivedRequest(
                    context.Request.Path,
                    await reader.ReadToEndAsync(context.RequestAborted),
                    context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                    context.Request.Method,
                    context.Request.QueryString.Value ?? "");
                target._received.Enqueue(received);
            }

            if (target.BeforeAnswer is { } before)
            {
                await before();
            }

            var answer = target.Route?.Invoke(received) ?? new PeerAnswer(target.Status, target.Body, target.Headers, target.ContentType);
            context.Response.StatusCode = (int)answer.Status;
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body);
        });
        await app.StartAsync();
        target.Url = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return target;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What an <see cref="HttpTarget"/> answers one request with.</summary>
public sealed record PeerAnswer(HttpStatusCode Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, string ContentType = "application/json");
