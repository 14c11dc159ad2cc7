using Microsoft.Extensions.DependencyInjection;
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
/// The Telegram channel as the app runs it: a fresh LiteDB outbox, the dispatcher started as a hosted service
/// (woken by the store's queued signal) and the real rate gates on the real clock, posting over loopback HTTP
/// into <see cref="FakeTelegramBotApi"/>, which stamps each request with the time it arrived.
/// </summary>
public sealed class TelegramRig : IAsyncDisposable
{
    public const string ChannelChat = "-1001000000001";
    public const string GroupChat = "-1001000000002";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "statushub-bench", Guid.NewGuid().ToString("n"));
    private readonly ServiceProvider _httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private readonly LiteStore _store;
    private readonly LiteStore? _unheard;
    private readonly OutboxStore _outbox;
    private readonly OutboxReadModel _queue;
    private readonly Dispatcher _dispatcher;
    private readonly IncidentService _incidents;

    private TelegramRig(FakeTelegramBotApi api, TelegramOptions telegram, bool wokenByTheStore)
    {
        Api = api;
        Options = telegram;
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "statushub.db");
        var time = TimeProvider.System;
        Migrator.Migrate(path, SchemaMigrations.All, time);
        _store = new LiteStore(path);
        var options = new FixedOptions<TelegramOptions>(telegram);
        var channel = new TelegramChannel(options, new TelegramClients(options, _httpClients.GetRequiredService<IHttpClientFactory>()),
            new TelegramChatMoves(_store, time, NullLogger<TelegramChatMoves>.Instance), NullLogger<TelegramChannel>.Instance);
        var templates = new TemplateLibrary(Path.Combine(AppContext.BaseDirectory, "templates"), NullLogger<TemplateLibrary>.Instance);
        var publisher = new NotificationPublisher(
            [channel],
            new MessageRenderer(templates),
            [new ConfiguredRecipients(new FixedOptions<TelegramOptions>(telegram), new FixedOptions<EmailOptions>(new()), new FixedOptions<SmsOptions>(new()))],
            new StatusPageOptions { Name = "Acme", PublicUrl = "https://status.example.com" });
        // The dispatcher wakes on the signals of the store it is given; given one that nothing writes to, it only polls.
        _unheard = wokenByTheStore ? null : new LiteStore(Path.Combine(_folder, "unheard.db"));
        _outbox = new OutboxStore(_store, time);
        _queue = new OutboxReadModel(_store, time);
        _dispatcher = new Dispatcher([channel], _outbox, _unheard ?? _store, templates, time, NullLogger<Dispatcher>.Instance);
        _incidents = new IncidentService(_store, time, publisher);
    }

    public FakeTelegramBotApi Api { get; }

    public TelegramOptions Options { get; }

    /// <summary>Starts the fake and the dispatcher, and waits until the dispatcher has delivered a first notice.</summary>
    /// <param name="wokenByTheStore">False plays a dispatcher that does not hear the store's queued signal and only polls when idle.</param>
    public static async Task<TelegramRig> StartAsync(Action<TelegramOptions> configure, bool wokenByTheStore = true)
    {
        var api = await FakeTelegramBotApi.StartAsync();
        var telegram = new TelegramOptions { BotToken = FakeTelegramBotApi.Token, ApiBaseUrl = api.BaseUrl };
        configure(telegram);
        var rig = new TelegramRig(api, telegram, wokenByTheStore);
        await rig._dispatcher.StartAsync(CancellationToken.None);
        // One notice before anything is timed: connects, JITs, and proves the loop is up and subscribed.
        rig.Publish();
        await rig.WaitForMessagesAsync(rig.TargetCount, TimeSpan.FromSeconds(30));
        return rig;
    }

    /// <summary>Telegram chats that every notice goes to.</summary>
    public int TargetCount => new[] { Options.ChannelChatId, Options.GroupChatId }.Count(c => !string.IsNullOrEmpty(c));

    /// <summary>Opens an incident; returns when <see cref="IncidentService.Open"/> has returned (published and committed).</summary>
    public DateTimeOffset Publish()
    {
        _incidents.Open(new NewIncident("Checkout is down", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Payments fail.")), "bench");
        return DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// From <see cref="IncidentService.Open"/> returning to the fake recording the first sendMessage of that notice,
    /// then waits (untimed) for the notice's other posts and for the outbox to record them, so runs do not overlap.
    /// </summary>
    public async Task<TimeSpan> PublishToFirstPostAsync()
    {
        var before = Api.Messages.Count;
        var published = Publish();
        var messages = await WaitForMessagesAsync(before + 1, TimeSpan.FromSeconds(30));
        var latency = messages[before].At - published;
        await WaitForMessagesAsync(before + TargetCount, TimeSpan.FromSeconds(30));
        while (_queue.QueueLength(ChannelNames.Telegram) > 0)
        {
            await Task.Delay(1);
        }

        return latency;
    }

    public async Task<IReadOnlyList<TelegramCall>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = Api.Messages;
            if (messages.Count >= count)
            {
                return messages;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The fake Bot API received {messages.Count} of {count} messages within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
        _store.Dispose();
        _unheard?.Dispose();
        await _httpClients.DisposeAsync();
        await Api.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
