using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Channels.Telegram;
using StatusHub.Channels.Templates;
using StatusHub.Channels.Webhooks;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>
/// One update fanned out to <c>recipients</c> SMS numbers or webhook URLs: published into a fresh LiteDB outbox,
/// then delivered by the running dispatcher (woken by the store, writing out fan-out chunks, as in the app) over
/// loopback HTTP into <see cref="Receiver"/>. Rate limits are lifted, so what is measured is the outbox, the
/// rendering, the signing and HTTP, not the configured pace.
/// </summary>
public sealed class FanOut : IAsyncDisposable
{
    private const string Secret = "benchmark-secret";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "statushub-bench", Guid.NewGuid().ToString("n"));
    private readonly LiteStore _store;
    private readonly HttpClient _http = new(SignedPoster.CreateHandler());
    private readonly Dispatcher _dispatcher;
    private readonly INotificationChannel _channel;
    private readonly IncidentService _incidents;
    private readonly Receiver _receiver;
    private readonly int _recipients;
    private bool _started;

    public FanOut(string channel, int recipients, Receiver receiver)
    {
        _receiver = receiver;
        _recipients = recipients;
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "statushub.db");
        var time = TimeProvider.System;
        Migrator.Migrate(path, SchemaMigrations.All, time);
        _store = new LiteStore(path);
        var poster = new SignedPoster(_http, time);
        var page = new StatusPageOptions { Name = "Acme", PublicUrl = "https://status.example.com" };
        var sms = new SmsOptions
        {
            WebhookUrl = new Uri(receiver.Url, "sms").ToString(),
            Secret = Secret,
            PerSecond = 1_000_000,
            Recipients = channel == ChannelNames.Sms ? [.. Enumerable.Range(0, recipients).Select(i => $"+1555{i:D7}")] : [],
        };
        _channel = channel == ChannelNames.Sms
            ? new SmsChannel(new FixedOptions<SmsOptions>(sms), poster)
            : new WebhookChannel(new FixedOptions<WebhookOptions>(new WebhookOptions { Secret = Secret, PerSecond = 1_000_000 }), poster, PublicOnly(_store, time), Links(page, time));
        if (channel == ChannelNames.Webhook)
        {
            var endpoints = new WebhookEndpointService(_store, time, new KnownComponentIds());
            for (var i = 0; i < recipients; i++)
            {
                endpoints.Add(new Uri(receiver.Url, $"hooks/{i}").ToString(), null, null, "bench");
            }
        }

        var templates = new TemplateLibrary(Path.Combine(AppContext.BaseDirectory, "templates"), NullLogger<TemplateLibrary>.Instance);
        var publisher = new NotificationPublisher(
            [_channel],
            new MessageRenderer(templates),
            [new ConfiguredRecipients(new FixedOptions<TelegramOptions>(new()), new FixedOptions<EmailOptions>(new()), new FixedOptions<SmsOptions>(sms))],
            page);
        var outbox = new OutboxStore(_store, time);
        _dispatcher = new Dispatcher([_channel], outbox, _store, templates, time, NullLogger<Dispatcher>.Instance);
        _incidents = new IncidentService(_store, time, publisher);
    }

    /// <summary>Publishes one incident and waits until the receiver has verified a message for every recipient. Returns how many it received.</summary>
    public async Task<int> RunAsync()
    {
        if (!_started)
        {
            await _dispatcher.StartAsync(CancellationToken.None);
            _started = true;
        }

        var before = _receiver.Received;
        _incidents.Open(new NewIncident("Checkout is down", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Payments fail.")), "bench");
        return await _receiver.WaitForAsync(before + _recipients, TimeSpan.FromMinutes(5)) - before;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _dispatcher.StopAsync(CancellationToken.None);
        }

        _dispatcher.Dispose();
        _store.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The app's poster for subscribers' URLs; every URL here is registered by staff, so it never posts.</summary>
    private static PublicOnlyPoster PublicOnly(LiteStore store, TimeProvider time)
    {
        var clients = new ServiceCollection();
        clients.AddHttpClient(PublicOnlyPoster.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => PrivateNetworks.CreatePublicOnlyHandler(() => false));
        return new PublicOnlyPoster(clients.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), time, store);
    }

    private static PreferenceLinks Links(StatusPageOptions page, TimeProvider time) =>
        new(new EphemeralDataProtectionProvider(), Options.Create(page), Options.Create(new SubscribersOptions()), time);
}
