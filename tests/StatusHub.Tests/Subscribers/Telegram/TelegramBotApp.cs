using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Subscribers.Telegram;

/// <summary>The whole app with its Telegram bot pointed at <see cref="FakeTelegramBotApi"/>; people write to it through getUpdates.</summary>
public sealed class TelegramBotApp : IAsyncDisposable
{
    public const string Channel = "@statushub_status";
    public const string Group = "-1001234567890";
    public const string Person = "4242";
    public const string PublicUrl = "https://status.example.com";

    private readonly StatusHubApp _factory;
    private readonly (string Key, string Value)[] _settings;

    private TelegramBotApp(StatusHubApp factory, FakeTelegramBotApi api, (string Key, string Value)[] settings)
    {
        _factory = factory;
        _settings = settings;
        Api = api;
        App = Start();
    }

    public FakeTelegramBotApi Api { get; }
    public WebApplicationFactory<Program> App { get; private set; }
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => _factory.Time;
    public WatchedClock Clock => _factory.Clock;
    public SubscriberService Subscribers => App.Services.GetRequiredService<SubscriberService>();

    /// <summary>The bot with a staff chat and the backup email channel on <paramref name="sink"/>, as the staff-facing rigs need it.</summary>
    public static Task<TelegramBotApp> StartWithStaffChatAsync(SmtpSink sink, string staffChatId, params (string Key, string Value)[] settings) =>
        StartAsync([
            ("Telegram:StaffChatId", staffChatId),
            ("Email:Smtp:Host", sink.Host),
            ("Email:Smtp:Port", sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Email:Smtp:Security", "None"),
            ("Email:From", "Example Status <status@example.net>"),
            .. settings,
        ]);

    public static async Task<TelegramBotApp> StartAsync(params (string Key, string Value)[] settings)
    {
        var factory = new StatusHubApp();
        var api = await FakeTelegramBotApi.StartAsync(factory.Time);
        return new TelegramBotApp(factory, api, settings);
    }

    /// <summary>Stops the app and starts it again on the same data folder, with the same fake Bot API and clock.</summary>
    public async Task RestartAsync()
    {
        await App.DisposeAsync();
        App = Start();
    }

    private WebApplicationFactory<Program> Start()
    {
        var app = _factory.WithWebHostBuilder(host =>
        {
            host.UseSetting("Telegram:BotToken", FakeTelegramBotApi.Token)
                .UseSetting("Telegram:ApiBaseUrl", Api.BaseUrl)
                .UseSetting("Telegram:ChannelChatId", Channel)
                .UseSetting("Telegram:GroupChatId", Group)
                .UseSetting("StatusPage:PublicUrl", PublicUrl);
            foreach (var (key, value) in _settings)
            {
                host.UseSetting(key, value);
            }
        });
        _ = app.Services;
        return app;
    }

    public HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public StatusComponent CreateComponent(string name) =>
        App.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft(name, null, null), "staff@example.com");

    public Incident OpenIncident(string title, params string[] componentIds) =>
        App.Services.GetRequiredService<IncidentService>().Open(
            new NewIncident(title, IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Looking into it."), componentIds), "staff@example.com");

    public Subscriber? Subscriber(string chat = Person) => Subscribers.Find(ChannelNames.Telegram, chat);

    /// <summary>Writes <paramref name="text"/> into <paramref name="chat"/> and waits for the bot's next message there.</summary>
    public async Task<TelegramCall> SayAsync(string text, string chat = Person, string? languageCode = null)
    {
        var before = Api.Messages.Count(m => m.ChatId == chat);
        Api.EnqueueIncomingMessage(chat, text, languageCode);
        var calls = await Api.WaitForAsync(c => c.Count(m => m.Method == "sendMessage" && m.Succeeded && m.ChatId == chat) > before);
        return calls.Where(m => m.Method == "sendMessage" && m.Succeeded && m.ChatId == chat).ElementAt(before);
    }

    /// <summary>
    /// Moves the clock a second at a time until <paramref name="done"/> holds or <paramref name="limit"/> of clock time has
    /// passed; between steps real time passes only so the bot can act on the step, and decides nothing.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan limit)
    {
        for (var moved = TimeSpan.Zero; !done() && moved < limit; moved += TimeSpan.FromSeconds(1))
        {
            await Task.Delay(20);
            Time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Api.DisposeAsync();
        await _factory.DisposeAsync();
    }
}
