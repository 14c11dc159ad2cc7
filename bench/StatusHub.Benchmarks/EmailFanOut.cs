using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>
/// One update fanned out to <c>recipients</c> email addresses: published into a fresh LiteDB outbox and delivered
/// by the running dispatcher (woken by the store, as in the app) through the SMTP pool into <see cref="SmtpSink"/>.
/// The rate limit is lifted, so what is measured is the outbox, composition and SMTP, not the configured pace.
/// </summary>
public sealed class EmailFanOut : IAsyncDisposable
{
    private readonly SmtpSink _sink;
    private readonly BenchApp _app;
    private readonly EmailChannel _channel;
    private readonly OutboxStore _outbox;
    private readonly Dispatcher _dispatcher;
    private readonly int _recipients;
    private bool _started;
    private OutgoingMessage[] _unsent = [];

    public EmailFanOut(SmtpSink sink, int recipients, int connections)
    {
        _sink = sink;
        _recipients = recipients;
        var settings = new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = sink.Host,
            ["Email:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = nameof(SmtpSecurity.None),
            ["Email:Smtp:Connections"] = connections.ToString(CultureInfo.InvariantCulture),
            ["Email:From"] = "Acme Status <status@example.net>",
            ["Email:PerSecond"] = "1000000",
        };
        BenchApp.AddList(settings, "Email:Recipients", Enumerable.Range(0, recipients).Select(i => $"reader{i}@example.com"));
        _app = new BenchApp(settings);
        _channel = _app.Services.GetServices<INotificationChannel>().OfType<EmailChannel>().Single();
        _outbox = _app.Get<OutboxStore>();
        _dispatcher = _app.Get<Dispatcher>();
    }

    /// <summary>Publishes one incident and waits until the sink holds every message. Returns how long publishing took and the whole run took.</summary>
    public async Task<(TimeSpan Publish, TimeSpan Total)> RunAsync()
    {
        if (!_started)
        {
            await _dispatcher.StartAsync(CancellationToken.None);
            _started = true;
        }

        var expected = _sink.Received.Count + _recipients;
        var clock = Stopwatch.StartNew();
        Publish();
        var published = clock.Elapsed;
        await _sink.WaitForAsync(expected, TimeSpan.FromMinutes(5));
        return (published, clock.Elapsed);
    }

    /// <summary>
    /// Publishes (untimed) without delivering, and takes every message out of the outbox the way the dispatcher does
    /// (fan-out chunks written out as rows, then claimed in queue order), so the plain loop sends exactly what the
    /// dispatcher would: the very notification and rows, to every recipient.
    /// </summary>
    public void PublishWithoutDelivering()
    {
        Publish();
        while (_outbox.ExpandNextChunk() > 0)
        {
        }

        var unsent = new List<OutgoingMessage>(_recipients);
        IReadOnlyList<Delivery> batch;
        while ((batch = _outbox.Claim(ChannelNames.Email, 1_000, DateTime.UtcNow)).Count > 0)
        {
            unsent.AddRange(batch.Select(delivery =>
            {
                var notification = _outbox.Notification(delivery.NotificationId)!;
                return new OutgoingMessage(delivery, notification, notification.Messages[ChannelNames.Email], null);
            }));
        }

        _unsent = [.. unsent];
    }

    /// <summary>
    /// The same messages, composed the same way, sent one after another over one MailKit connection: what a plain
    /// loop with no outbox, no pool and no bookkeeping manages. Returns how long it took.
    /// </summary>
    public async Task<TimeSpan> SendOverOneConnectionAsync()
    {
        var clock = Stopwatch.StartNew();
        using var client = new SmtpClient();
        await client.ConnectAsync(_sink.Host, _sink.Port, SecureSocketOptions.None);
        foreach (var message in _unsent)
        {
            await client.SendAsync(_channel.Compose(message));
        }

        await client.DisconnectAsync(quit: true);
        return clock.Elapsed;
    }

    private void Publish() => _app.Publish();

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _dispatcher.StopAsync(CancellationToken.None);
        }

        await _app.DisposeAsync();
    }
}
