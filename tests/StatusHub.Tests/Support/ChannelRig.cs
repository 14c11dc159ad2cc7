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
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Support;

/// <summary>
/// The SMS and webhook channels wired as the app wires them, over a <see cref="TestStore"/>, posting over real
/// HTTP. The dispatcher is stepped by the test (<see cref="DeliverDueAsync"/>) rather than left running, so
/// the test decides when time passes.
/// </summary>
public sealed class ChannelRig : IDisposable
{
    public const string PageUrl = "https://status.example.com";
    private readonly HttpClient _http;

    public ChannelRig(TestStore store, SmsOptions? sms = null, WebhookOptions? webhooks = null, TimeSpan? httpTimeout = null, IRecipientSource? extraRecipients = null)
    {
        Store = store;
        SmsOptions = sms ?? new SmsOptions();
        _http = new HttpClient(SignedPoster.CreateHandler()) { Timeout = httpTimeout ?? TimeSpan.FromSeconds(15) };
        var poster = new SignedPoster(_http, store.Time);
        Sms = new SmsChannel(new FixedOptions<SmsOptions>(SmsOptions), poster);
        Webhooks = WebhookChannelFor(webhooks ?? new WebhookOptions(), poster, store);
        Templates = new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), NullLogger<TemplateLibrary>.Instance);
        INotificationChannel[] channels = [Sms, Webhooks];
        var recipients = new List<IRecipientSource>
        {
            new ConfiguredRecipients(new FixedOptions<TelegramOptions>(new TelegramOptions()), new FixedOptions<EmailOptions>(new EmailOptions()), new FixedOptions<SmsOptions>(SmsOptions)),
        };
        if (extraRecipients is not null)
        {
            recipients.Add(extraRecipients);
        }

        Publisher = new NotificationPublisher(channels, new MessageRenderer(Templates), recipients, Page);
        Outbox = new OutboxStore(store.Store, store.Time);
        OutboxReadModel = new OutboxReadModel(store.Store, store.Time);
        Dispatcher = new Dispatcher(channels, Outbox, store.Store, Templates, store.Time, NullLogger<Dispatcher>.Instance);
        Incidents = new IncidentService(store.Store, store.Time, Publisher);
        Maintenance = new MaintenanceService(store.Store, store.Time, Publisher);
        Endpoints = new WebhookEndpointService(store.Store, store.Time, new KnownComponentIds());
    }

    private static StatusPageOptions Page => new() { Name = "Acme", PublicUrl = PageUrl };

    public TestStore Store { get; }
    public SmsOptions SmsOptions { get; }
    public SmsChannel Sms { get; }
    public WebhookChannel Webhooks { get; }
    public TemplateLibrary Templates { get; }
    public NotificationPublisher Publisher { get; }
    public OutboxStore Outbox { get; }
    public OutboxReadModel OutboxReadModel { get; }
    public Dispatcher Dispatcher { get; }
    public IncidentService Incidents { get; }
    public MaintenanceService Maintenance { get; }
    public WebhookEndpointService Endpoints { get; }

    /// <summary>
    /// The webhook channel as the app builds it: subscribers' URLs through the poster that refuses private networks,
    /// with their preferences link in <c>meta.unsubscribe</c>; staff-registered URLs through <paramref name="poster"/>.
    /// </summary>
    public static WebhookChannel WebhookChannelFor(WebhookOptions options, SignedPoster poster, TestStore store)
    {
        var clients = new ServiceCollection();
        clients.AddHttpClient(PublicOnlyPoster.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => PrivateNetworks.CreatePublicOnlyHandler(() => false));
        var publicOnly = new PublicOnlyPoster(clients.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), store.Time, store.Store);
        var links = new PreferenceLinks(new EphemeralDataProtectionProvider(), Options.Create(Page), Options.Create(new SubscribersOptions()), store.Time);
        return new WebhookChannel(new FixedOptions<WebhookOptions>(options), poster, publicOnly, links);
    }

    public static SmsOptions SmsTo(HttpReceiver gateway, string secret, params string[] numbers) => new()
    {
        WebhookUrl = gateway.UrlFor("/sms").ToString(),
        Secret = secret,
        Recipients = [.. numbers],
        PerSecond = 1000,
    };

    /// <summary>
    /// Writes out every queued fan-out chunk, then delivers everything that is due now, batch after batch, on every
    /// channel, as the running dispatcher would. Returns how many attempts were made.
    /// </summary>
    public async Task<int> DeliverDueAsync()
    {
        while (Outbox.ExpandNextChunk() > 0)
        {
        }

        var total = 0;
        foreach (var channel in Publisher.Channels.Where(c => c.ConfigurationProblem is null))
        {
            int claimed;
            while ((claimed = await Dispatcher.DeliverDueAsync(channel, TestContext.Current.CancellationToken)) > 0)
            {
                total += claimed;
            }
        }

        return total;
    }

    public IReadOnlyList<Delivery> Deliveries(string channel) =>
        Store.Store.Collection<Delivery>().Find(d => d.Channel == channel).OrderBy(d => d.Sequence).ToList();

    public Incident OpenIncident(string title = "Checkout is down", params string[] componentIds) =>
        Incidents.Open(new NewIncident(title, IncidentImpact.Major,
            new UpdateDraft(IncidentStatus.Investigating, "We are looking into failed payments."), componentIds), "oncall@example.com");

    public void Dispose() => _http.Dispose();
}
