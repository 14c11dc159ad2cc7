using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

namespace StatusHub.Tests.Channels.Telegram;

/// <summary>
/// The Telegram channel wired as the app wires it (templates from templates/, configured recipients, the
/// outbox in a real LiteDB file, the real dispatcher on request) and pointed at <see cref="FakeTelegramBotApi"/>.
/// </summary>
public sealed class TelegramTestBed : IAsyncDisposable
{
    public const string ChannelChat = "@statushub_status";
    public const string GroupChat = "-1001234567890";
    public const string PublicUrl = "https://status.example.com";

    private readonly ServiceProvider _services;

    private readonly OutgoingRequests _outgoing;
    private readonly WatchedClock _clock;

    private TelegramTestBed(TestStore store, FakeTelegramBotApi api, ServiceProvider services, OutgoingRequests outgoing, WatchedClock clock)
    {
        _outgoing = outgoing;
        _clock = clock;
        Store = store;
        Api = api;
        _services = services;
        Incidents = new IncidentService(store.Store, store.Time, services.GetRequiredService<NotificationPublisher>());
    }

    public TestStore Store { get; }
    public FakeTelegramBotApi Api { get; }
    public IncidentService Incidents { get; }
    public OutboxStore Outbox => _services.GetRequiredService<OutboxStore>();
    public OutboxReadModel OutboxReadModel => _services.GetRequiredService<OutboxReadModel>();
    public TelegramChannel Channel => (TelegramChannel)_services.GetRequiredService<INotificationChannel>();
    public Dispatcher Dispatcher => _services.GetRequiredService<Dispatcher>();

    /// <param name="apiBaseUrl">Where the bot talks to; the fake unless a test wants a dead address.</param>
    public static async Task<TelegramTestBed> StartAsync(Action<TelegramOptions>? configure = null, string? apiBaseUrl = null, TimeSpan? httpTimeout = null)
    {
        var store = new TestStore();
        var api = await FakeTelegramBotApi.StartAsync(store.Time);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(store.Store);
        var clock = new WatchedClock(store.Time);
        services.AddSingleton<TimeProvider>(clock);
        services.AddOptions<StatusPageOptions>().Configure(o => o.PublicUrl = PublicUrl);
        services.AddSingleton<IPageAddress>(s => s.GetRequiredService<IOptions<StatusPageOptions>>().Value);
        services.AddOptions<EmailOptions>();
        services.AddOptions<SmsOptions>();
        services.AddOptions<TelegramOptions>().Configure(o =>
        {
            o.BotToken = FakeTelegramBotApi.Token;
            o.ApiBaseUrl = apiBaseUrl ?? api.BaseUrl;
            o.ChannelChatId = ChannelChat;
            o.GroupChatId = GroupChat;
            configure?.Invoke(o);
        });
        var outgoing = new OutgoingRequests();
        services.AddHttpClient(TelegramChannel.HttpClientName, client => client.Timeout = httpTimeout ?? TimeSpan.FromSeconds(10))
            .AddHttpMessageHandler(() => new CountingHandler(outgoing));
        services.AddSingleton(new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), NullLogger<TemplateLibrary>.Instance));
        services.AddSingleton<MessageRenderer>();
        services.AddSingleton<TelegramClients>();
        services.AddSingleton<TelegramChatMoves>();
        services.AddSingleton<INotificationChannel, TelegramChannel>();
        services.AddSingleton<IRecipientSource, ConfiguredRecipients>();
        services.AddSingleton<NotificationPublisher>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<OutboxReadModel>();
        services.AddSingleton<Dispatcher>();
        return new TelegramTestBed(store, api, services.BuildServiceProvider(), outgoing, clock);
    }

    public Incident Open(string title = "Elevated API errors", string body = "We are looking into it.") =>
        Incidents.Open(new NewIncident(title, IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, body)), "staff@example.com");

    /// <summary>Posts an update five minutes on, as staff would; the outbox orders and threads by time.</summary>
    public Incident Update(Incident incident, string body, IncidentStatus status = IncidentStatus.Identified)
    {
        Store.Time.Advance(TimeSpan.FromMinutes(5));
        return Incidents.PostUpdate(incident.Id, incident.Version, new UpdateDraft(status, body), "staff@example.com");
    }

    /// <summary>Resolves five minutes on.</summary>
    public Incident Resolve(Incident incident, string body = "All good again.")
    {
        Store.Time.Advance(TimeSpan.FromMinutes(5));
        return Incidents.Resolve(incident.Id, incident.Version, body, "staff@example.com");
    }

    /// <summary>
    /// Sends every due Telegram delivery straight through the channel, one per chat at a time in queue order,
    /// and records the outcomes as the dispatcher would; no rate gates, so a test sees the channel alone.
    /// </summary>
    public async Task<IReadOnlyList<(Delivery Delivery, SendResult Result)>> SendDueAsync()
    {
        var results = new List<(Delivery, SendResult)>();
        while (Outbox.Claim(ChannelNames.Telegram, 16, Store.Now) is { Count: > 0 } batch)
        {
            var outcomes = new List<DeliveryOutcome>();
            foreach (var delivery in batch)
            {
                var notification = Outbox.Notification(delivery.NotificationId)!;
                var thread = Outbox.ThreadRoot(ChannelNames.Telegram, delivery.Target, delivery.Subject);
                var result = await Channel.SendAsync(new OutgoingMessage(delivery, notification, notification.Messages[ChannelNames.Telegram], thread), TestContext.Current.CancellationToken);
                var retryDelay = result is SendResult.Transient transient ? Backoff.Delay(delivery.Attempts, transient.RetryAfter) : TimeSpan.Zero;
                outcomes.Add(new DeliveryOutcome(delivery, result, Store.Now, retryDelay));
                results.Add((delivery, result));
            }

            Outbox.Complete(outcomes);
        }

        return results;
    }

    /// <summary>
    /// Runs the real dispatcher until the Bot API has seen what <paramref name="done"/> waits for, moving the
    /// fake clock one <paramref name="step"/> at a time, and only once the dispatcher is back to waiting for it
    /// (a timer armed, no request on its way from the bot's HttpClient), so every recorded time is the time
    /// the dispatcher decided to send.
    /// </summary>
    public async Task<IReadOnlyList<TelegramCall>> DispatchUntilAsync(Func<IReadOnlyList<TelegramCall>, bool> done, TimeSpan step, TimeSpan? wallTimeout = null)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + (wallTimeout ?? TimeSpan.FromSeconds(60));
        await Dispatcher.StartAsync(cancellation);
        try
        {
            while (true)
            {
                var calls = await Api.WaitQuietAsync(() => _outgoing.Count == 0 && _clock.ArmedTimers > 0);
                if (done(calls))
                {
                    return calls;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"After {Store.Time.GetUtcNow() - TestStore.Start} of fake time the fake Bot API had {calls.Count} calls, not what the test waited for.");
                }

                Store.Time.Advance(step);
            }
        }
        finally
        {
            await Dispatcher.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Api.DisposeAsync();
        Store.Dispose();
    }

    private sealed class OutgoingRequests
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add(int delta) => Interlocked.Add(ref _count, delta);
    }

    private sealed class CountingHandler(OutgoingRequests outgoing) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            outgoing.Add(1);
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                outgoing.Add(-1);
            }
        }
    }
}
