using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Telegram;
using StatusHub.Incidents;

namespace StatusHub.Tests.Channels.Telegram;

/// <summary>
/// The app's services (<see cref="AppServices"/>: templates from templates/, configured recipients, the outbox in a
/// real LiteDB file, the real dispatcher on request) with the Telegram channel pointed at <see cref="FakeTelegramBotApi"/>.
/// </summary>
public sealed class TelegramApp : IAsyncDisposable
{
    public const string ChannelChat = "@statushub_status";
    public const string GroupChat = "-1001234567890";
    public const string PublicUrl = "https://status.example.com";

    private readonly WebApplication _app;

    private readonly OutgoingRequests _outgoing;
    private readonly WatchedClock _clock;

    private TelegramApp(TestStore store, FakeTelegramBotApi api, WebApplication app, OutgoingRequests outgoing, WatchedClock clock)
    {
        _outgoing = outgoing;
        _clock = clock;
        Store = store;
        Api = api;
        _app = app;
    }

    public TestStore Store { get; }
    public FakeTelegramBotApi Api { get; }
    public IncidentService Incidents => _app.Services.GetRequiredService<IncidentService>();
    public OutboxStore Outbox => _app.Services.GetRequiredService<OutboxStore>();
    public OutboxReadModel OutboxReadModel => _app.Services.GetRequiredService<OutboxReadModel>();
    public TelegramChannel Channel => (TelegramChannel)_app.Services.GetRequiredService<INotificationChannel>();
    public Dispatcher Dispatcher => _app.Services.GetRequiredService<Dispatcher>();

    /// <param name="apiBaseUrl">Where the bot talks to; the fake unless a test wants a dead address.</param>
    public static async Task<TelegramApp> StartAsync(Action<TelegramOptions>? configure = null, string? apiBaseUrl = null, TimeSpan? httpTimeout = null)
    {
        var store = new TestStore();
        var api = await FakeTelegramBotApi.StartAsync(store.Time);
        var clock = new WatchedClock(store.Time);
        var outgoing = new OutgoingRequests();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = store.DataDirectory,
            ["StatusPage:PublicUrl"] = PublicUrl,
            ["Telegram:BotToken"] = FakeTelegramBotApi.Token,
            ["Telegram:ApiBaseUrl"] = apiBaseUrl ?? api.BaseUrl,
            ["Telegram:ChannelChatId"] = ChannelChat,
            ["Telegram:GroupChatId"] = GroupChat,
        };
        var app = AppServices.Build(settings, clock, services =>
        {
            services.AddSingleton(store.Store);
            services.PostConfigure<TelegramOptions>(options => configure?.Invoke(options));
            services.AddHttpClient(TelegramChannel.HttpClientName, client => client.Timeout = httpTimeout ?? TimeSpan.FromSeconds(10))
                .AddHttpMessageHandler(() => new CountingHandler(outgoing));
            // The Telegram channel alone: a channel that is off polls on a timer, which the idle check below would count.
            services.RemoveAll<INotificationChannel>();
            services.AddSingleton<INotificationChannel, TelegramChannel>();
        });
        return new TelegramApp(store, api, app, outgoing, clock);
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
        await _app.DisposeAsync();
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
