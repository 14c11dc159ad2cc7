using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Telegram;
using StatusHub.Storage;
using StatusHub.Tests.Support;

namespace StatusHub.Benchmarks;

/// <summary>
/// The Telegram channel as the app runs it: a fresh LiteDB outbox, the dispatcher started as a hosted service
/// (woken by the store's queued signal) and the real rate gates on the real clock, posting over loopback HTTP
/// into <see cref="FakeTelegramBotApi"/>, which stamps each request with the time it arrived.
/// </summary>
public sealed class TelegramApp : IAsyncDisposable
{
    public const string ChannelChat = "-1001000000001";
    public const string GroupChat = "-1001000000002";

    private readonly BenchApp _app;
    private readonly LiteStore? _unheard;
    private readonly OutboxReadModel _queue;
    private readonly Dispatcher _dispatcher;

    private TelegramApp(FakeTelegramBotApi api, Action<TelegramOptions> configure, bool wokenByTheStore)
    {
        Api = api;
        var settings = new Dictionary<string, string?> { ["Telegram:BotToken"] = FakeTelegramBotApi.Token, ["Telegram:ApiBaseUrl"] = api.BaseUrl };
        _app = new BenchApp(settings, services => services.PostConfigure(configure));
        Options = _app.Get<IOptionsMonitor<TelegramOptions>>().CurrentValue;
        _queue = _app.Get<OutboxReadModel>();
        // The dispatcher wakes on the signals of the store it is given; given one that nothing writes to, it only polls.
        _unheard = wokenByTheStore ? null : new LiteStore(Path.Combine(_app.Folder, "unheard.db"));
        _dispatcher = _unheard is null ? _app.Get<Dispatcher>() : ActivatorUtilities.CreateInstance<Dispatcher>(_app.Services, _unheard);
    }

    public FakeTelegramBotApi Api { get; }

    public TelegramOptions Options { get; }

    /// <summary>Starts the fake and the dispatcher, and waits until the dispatcher has delivered a first notice.</summary>
    /// <param name="wokenByTheStore">False plays a dispatcher that does not hear the store's queued signal and only polls when idle.</param>
    public static async Task<TelegramApp> StartAsync(Action<TelegramOptions> configure, bool wokenByTheStore = true)
    {
        var api = await FakeTelegramBotApi.StartAsync();
        var rig = new TelegramApp(api, configure, wokenByTheStore);
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
        _app.Publish();
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
        _unheard?.Dispose();
        await _app.DisposeAsync();
        await Api.DisposeAsync();
    }
}
