using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StatusHub.Tests.Support;

/// <summary>
/// A web app on 127.0.0.1 whose answers the test sets: status, body, and something to do before answering (move a fake
/// clock to play a slow answer, or wait for the test to let it go).
/// </summary>
public sealed class HttpTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private HttpTarget(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public string Body { get; set; } = "ok";

    public string ContentType { get; set; } = "text/plain";

    /// <summary>Awaited before each answer.</summary>
    public Func<Task>? BeforeAnswer { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<HttpTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var target = new HttpTarget(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref target._requests);
            if (target.BeforeAnswer is { } before)
            {
                await before();
            }

            context.Response.StatusCode = (int)target.Status;
            context.Response.ContentType = target.ContentType;
            await context.Response.WriteAsync(target.Body);
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
