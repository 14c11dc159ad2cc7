using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Email;

/// <summary>The real dispatcher on the fake clock: a relay that is down delays only email, and loses nothing.</summary>
public sealed class EmailOutageTests : IAsyncDisposable
{
    private static readonly string[] Readers = ["ada@example.org", "grace@example.org", "linus@example.org"];

    private readonly SmtpSink _sink = new();
    private readonly SmsGateway _sms = new();
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
        _sms.Dispose();
    }

    [Fact]
    public async Task OtherChannelsDeliverWhileTheRelayIsDownAndTheQueuedMailGoesOutOnceItIsBack()
    {
        _sink.RefuseConnections();
        await using var app = _app.WithEmail(_sink, Readers, new Dictionary<string, string>
        {
            ["Sms:WebhookUrl"] = _sms.Url,
            ["Sms:Secret"] = "sms-secret",
            ["Sms:Recipients:0"] = "+441234567890",
        });
        var store = app.Services.GetRequiredService<LiteStore>();
        _ = app.Server;

        app.OpenIncident("Database unreachable");
        app.OpenIncident("Login failing");
        await _sms.WaitForAsync(2);
        await EmailSettledAsync(store);

        Assert.Empty(_sink.Received);
        Assert.All(EmailDeliveries(store), d => Assert.Equal(DeliveryState.Pending, d.State));
        Assert.All(NextInLine(store), d => Assert.True(d.Attempts >= 1, $"{d.Target}: {d.Attempts} attempts"));

        // Ten minutes of outage: every retry is refused, nothing is given up.
        for (var minute = 0; minute < 10; minute++)
        {
            _app.Time.Advance(TimeSpan.FromMinutes(1));
            await EmailSettledAsync(store);
        }

        Assert.Empty(_sink.Received);
        Assert.All(EmailDeliveries(store), d => Assert.Equal(DeliveryState.Pending, d.State));
        Assert.All(NextInLine(store), d => Assert.True(d.Attempts > 2, $"{d.Target}: {d.Attempts} attempts"));

        _sink.AcceptConnections();
        _app.Time.Advance(Backoff.Cap + TimeSpan.FromSeconds(1));
        await UntilAsync(() => EmailDeliveries(store).All(d => d.State == DeliveryState.Sent));
        _app.Time.Advance(Backoff.Cap + TimeSpan.FromSeconds(1));
        await EmailSettledAsync(store);

        Assert.All(EmailDeliveries(store), d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.Equal(Readers.Length * 2, _sink.Received.Count);
        Assert.All(Readers, reader => Assert.Equal(
            ["[StatusHub] Database unreachable", "[StatusHub] Login failing"],
            _sink.Received.Where(m => m.Recipients.Contains(reader)).Select(m => m.Message.Subject).Order()));
        Assert.Equal(2, _sms.Received.Count);
    }

    [Fact]
    public async Task ARelayThatIsDownCostsOneRoundOfAttemptsNotOnePerSubscriberAndEverythingGoesOnceItIsBack()
    {
        var readers = Enumerable.Range(1, 30).Select(i => $"reader{i}@example.org").ToArray();
        _sink.RefuseConnections();
        await using var app = _app.WithEmail(_sink, readers);
        var store = app.Services.GetRequiredService<LiteStore>();
        _ = app.Server;
        var connections = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StatusHub.Channels.Email.EmailOptions>>().Value.Smtp.Connections;

        app.OpenIncident("Database unreachable");
        await UntilAsync(() => EmailDeliveries(store).Count == readers.Length && EmailDeliveries(store).Any(d => d.Attempts > 0));
        // The clock stands still: a channel that is not paused would go on to try every other subscriber now.
        await Task.Delay(500, TestContext.Current.CancellationToken);

        Assert.InRange(EmailDeliveries(store).Sum(d => d.Attempts), 1, connections);
        Assert.All(EmailDeliveries(store), d => Assert.Equal(DeliveryState.Pending, d.State));

        _sink.AcceptConnections();
        _app.Time.Advance(Dispatcher.MaxChannelPause + TimeSpan.FromSeconds(1));
        await UntilAsync(() => EmailDeliveries(store).All(d => d.State == DeliveryState.Sent));

        Assert.Equal(readers.Length, _sink.Received.Count);
    }

    private static List<Delivery> EmailDeliveries(LiteStore store) =>
        store.Collection<Delivery>().Find(d => d.Channel == ChannelNames.Email).ToList();

    /// <summary>Each reader's oldest unsent email: the one the dispatcher must deliver before the next (replies stay in order).</summary>
    private static List<Delivery> NextInLine(LiteStore store) =>
        [.. EmailDeliveries(store).Where(d => d.State is DeliveryState.Pending or DeliveryState.InFlight).GroupBy(d => d.Target).Select(g => g.MinBy(d => d.Sequence)!)];

    /// <summary>Waits until the email loop has dealt with everything due on the fake clock.</summary>
    private Task EmailSettledAsync(LiteStore store) =>
        UntilAsync(() => NextInLine(store).All(d => d.State == DeliveryState.Pending && d.NextAttemptAt > _app.Time.GetUtcNow().UtcDateTime));

    /// <summary>
    /// Waits (real time, bounded) for <paramref name="condition"/>. A dispatcher loop that went idle just after the
    /// clock moved sleeps until it moves again, and a channel the relay's failure paused rests up to half a minute, so a
    /// slow wait nudges the clock by one idle poll every 100 ms.
    /// </summary>
    private async Task UntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        for (var wait = 1; !condition(); wait++)
        {
            await Task.Delay(20, limit.Token);
            if (wait % 5 == 0)
            {
                _app.Time.Advance(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>A stand-in SMS gateway: a loopback HTTP listener that accepts every post.</summary>
    private sealed class SmsGateway : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<string> _received = new();

        public SmsGateway()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/sms/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public IReadOnlyList<string> Received => [.. _received];

        public async Task WaitForAsync(int count)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (_received.Count < count)
            {
                await Task.Delay(20, limit.Token);
            }
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                _received.Enqueue(await reader.ReadToEndAsync());
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
    }
}
