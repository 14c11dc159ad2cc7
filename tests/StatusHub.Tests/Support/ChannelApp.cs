using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Channels.Templates;
using StatusHub.Channels.Webhooks;
using StatusHub.Incidents;
using StatusHub.Maintenance;

namespace StatusHub.Tests.Support;

/// <summary>
/// The app's services (<see cref="AppServices"/>) over a <see cref="TestStore"/>'s file and clock, with the SMS and webhook
/// channels configured as given, posting over real HTTP. The dispatcher is stepped by the test (<see cref="DeliverDueAsync"/>)
/// rather than left running, so the test decides when time passes.
/// </summary>
public sealed class ChannelApp : IDisposable
{
    public const string PageUrl = "https://status.example.com";
    private readonly WebApplication _app;

    public ChannelApp(TestStore store, SmsOptions? sms = null, WebhookOptions? webhooks = null, TimeSpan? httpTimeout = null, IRecipientSource? extraRecipients = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        Store = store;
        SmsOptions = sms ?? new SmsOptions();
        var configuration = new Dictionary<string, string?> { ["Storage:DataDirectory"] = store.DataDirectory, ["StatusPage:Name"] = "Acme", ["StatusPage:PublicUrl"] = PageUrl };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        _app = AppServices.Build(configuration, store.Time, services =>
        {
            services.AddSingleton(store.Store);
            services.AddSingleton<IOptionsMonitor<SmsOptions>>(new FixedOptions<SmsOptions>(SmsOptions));
            services.AddSingleton<IOptionsMonitor<WebhookOptions>>(new FixedOptions<WebhookOptions>(webhooks ?? new WebhookOptions()));
            if (httpTimeout is { } timeout)
            {
                services.AddHttpClient<SignedPoster>(client => client.Timeout = timeout);
            }

            if (extraRecipients is not null)
            {
                services.AddSingleton<IRecipientSource>(extraRecipients);
            }
        });
    }

    public TestStore Store { get; }
    public SmsOptions SmsOptions { get; }
    public SmsChannel Sms => Channel<SmsChannel>();
    public WebhookChannel Webhooks => Channel<WebhookChannel>();
    public TemplateLibrary Templates => Get<TemplateLibrary>();
    public NotificationPublisher Publisher => Get<NotificationPublisher>();
    public OutboxStore Outbox => Get<OutboxStore>();
    public OutboxReadModel OutboxReadModel => Get<OutboxReadModel>();
    public Dispatcher Dispatcher => Get<Dispatcher>();
    public IncidentService Incidents => Get<IncidentService>();
    public MaintenanceService Maintenance => Get<MaintenanceService>();
    public WebhookEndpointService Endpoints => Get<WebhookEndpointService>();

    /// <summary>One of the app's services as this container has it (these channels, this store).</summary>
    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static SmsOptions SmsTo(HttpReceiver gateway, string secret, params string[] numbers) => new()
    {
        WebhookUrl = gateway.UrlFor("/sms").ToString(),
        Secret = secret,
        Recipients = [.. numbers],
        PerSecond = 1000,
    };

    /// <summary>Settings that point the email channel at <paramref name="sink"/> and list <paramref name="recipients"/> as its configured recipients.</summary>
    public static Dictionary<string, string?> EmailTo(SmtpSink sink, IReadOnlyList<string> recipients, int connections = 4)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:From"] = "Example Status <status@example.net>",
            ["Email:Smtp:Host"] = sink.Host,
            ["Email:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:Connections"] = connections.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:TimeoutSeconds"] = "10",
        };
        for (var i = 0; i < recipients.Count; i++)
        {
            settings[$"Email:Recipients:{i}"] = recipients[i];
        }

        return settings;
    }

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

    public void Dispose() => ((IDisposable)_app).Dispose();

    private T Channel<T>() => _app.Services.GetServices<INotificationChannel>().OfType<T>().Single();
}
