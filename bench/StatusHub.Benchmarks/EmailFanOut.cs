using System.Diagnostics;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Channels.Telegram;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>
/// One update fanned out to <c>recipients</c> email addresses: published into a fresh LiteDB outbox and delivered
/// by the running dispatcher (woken by the store, as in the app) through the SMTP pool into <see cref="SmtpSink"/>.
/// The rate limit is lifted, so what is measured is the outbox, composition and SMTP, not the configured pace.
/// </summary>
public sealed class EmailFanOut : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "statushub-bench", Guid.NewGuid().ToString("n"));
    private readonly SmtpSink _sink;
    private readonly LiteStore _store;
    private readonly SmtpPool _pool;
    private readonly EmailChannel _channel;
    private readonly OutboxStore _outbox;
    private readonly Dispatcher _dispatcher;
    private readonly IncidentService _incidents;
    private readonly int _recipients;
    private bool _started;
    private OutgoingMessage[] _unsent = [];

    public EmailFanOut(SmtpSink sink, int recipients, int connections)
    {
        _sink = sink;
        _recipients = recipients;
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "statushub.db");
        var time = TimeProvider.System;
        Migrator.Migrate(path, SchemaMigrations.All, time);
        _store = new LiteStore(path);
        var email = new FixedOptions<EmailOptions>(new EmailOptions
        {
            Smtp = new SmtpOptions { Host = sink.Host, Port = sink.Port, Security = SmtpSecurity.None, Connections = connections },
            From = "Acme Status <status@example.net>",
            Recipients = [.. Enumerable.Range(0, recipients).Select(i => $"reader{i}@example.com")],
            PerSecond = 1_000_000,
        });
        var page = Options.Create(new StatusPageOptions { Name = "Acme", PublicUrl = "https://status.example.com" });
        _pool = new SmtpPool(email);
        var protection = new EphemeralDataProtectionProvider();
        _channel = new EmailChannel(
            email,
            _pool,
            new UnsubscribeLinks(protection, page.Value),
            new StatusHub.Subscribers.PreferenceLinks(protection, page, Options.Create(new StatusHub.Subscribers.SubscribersOptions()), TimeProvider.System));
        var templates = new TemplateLibrary(Path.Combine(AppContext.BaseDirectory, "templates"), NullLogger<TemplateLibrary>.Instance);
        var publisher = new NotificationPublisher(
            [_channel],
            new MessageRenderer(templates),
            [new ConfiguredRecipients(new FixedOptions<TelegramOptions>(new()), email, new FixedOptions<SmsOptions>(new()))],
            page.Value);
        _outbox = new OutboxStore(_store, time);
        _dispatcher = new Dispatcher([_channel], _outbox, _store, templates, time, NullLogger<Dispatcher>.Instance);
        _incidents = new IncidentService(_store, time, publisher);
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
        while ((batch = _outbox.Claim(ChannelNames.Email, Dispatcher.BatchSize(_channel.Limits), DateTime.UtcNow)).Count > 0)
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

    private void Publish() =>
        _incidents.Open(new NewIncident("Checkout is down", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Payments fail.")), "bench");

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _dispatcher.StopAsync(CancellationToken.None);
        }

        _dispatcher.Dispose();
        await _pool.DisposeAsync();
        _store.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
