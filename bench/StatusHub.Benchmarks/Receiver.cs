using StatusHub.Channels.Webhooks;

namespace StatusHub.Benchmarks;

/// <summary>A loopback Kestrel server that checks each signature, as a real gateway or webhook receiver must, and counts.</summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _received;

    private Receiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int Received => Volatile.Read(ref _received);

    /// <summary>Waits until <paramref name="count"/> verified messages have arrived in all; returns how many have.</summary>
    public async Task<int> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The receiver verified {Received} of {count} messages within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(1);
        }

        return Received;
    }

    public static async Task<Receiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var verified = HookSigner.Verify(secret, body, context.Request.Headers[HookSigner.TimestampHeader], context.Request.Headers[HookSigner.SignatureHeader], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
            if (verified)
            {
                Interlocked.Increment(ref receiver._received);
            }

            context.Response.StatusCode = verified ? StatusCodes.Status202Accepted : StatusCodes.Status401Unauthorized;
        });
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
