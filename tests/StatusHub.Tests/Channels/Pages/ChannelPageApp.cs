using Bunit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Components.Forms;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Staff;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Pages;

/// <summary>
/// bUnit over the real app's container: the channel layer is wired exactly as in production from settings,
/// here SMS and email pointed at ports nothing listens on (so deliveries stay queued) and Telegram left off.
/// </summary>
public abstract class ChannelPageApp : BunitContext
{
    public const string Editor = "editor@example.com";
    public const string Admin = "admin@example.com";
    public const string SmsRecipient = "+441234567890";
    public const string EmailRecipient = "oncall@example.com";
    public const string TelegramGroup = "-1001234567890";

    private readonly StatusHubApp _factory = new();

    protected ChannelPageApp()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="more">Settings besides those above (a channel more to switch on).</param>
    protected ChannelPageApp(IReadOnlyDictionary<string, string> more)
    {
        App = _factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in more)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Sms:WebhookUrl", "http://127.0.0.1:9/sms");
            builder.UseSetting("Sms:Secret", "sms-secret");
            builder.UseSetting("Sms:Recipients:0", SmsRecipient);
            builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
            builder.UseSetting("Email:Smtp:Port", "9");
            builder.UseSetting("Email:Smtp:Security", "None");
            builder.UseSetting("Email:From", "Status <status@example.net>");
            builder.UseSetting("Email:Recipients:0", EmailRecipient);
            builder.UseSetting("Telegram:GroupChatId", TelegramGroup);
            // The pages are under test, not delivery: without the dispatcher, outbox rows stay as the test leaves them.
            builder.ConfigureTestServices(services => services.RemoveAll<IHostedService>());
        });
        foreach (var type in new[]
                 {
                     typeof(LiteStore), typeof(TimeProvider), typeof(ComponentService), typeof(IncidentService), typeof(MaintenanceService), typeof(StatusHub.Incidents.Templates.IncidentTemplateService),
                     typeof(StatusSnapshotService), typeof(NotificationPublisher), typeof(OutboxReadModel), typeof(ChannelHealthService),
                     typeof(StatusHub.Channels.Webhooks.WebhookEndpointService), typeof(StatusHub.Channels.Announcements.AnnouncementEndpointService), typeof(StatusHub.Channels.Telegram.TelegramChatMoves), typeof(IComponentIds), typeof(StatusHub.Incidents.Suggestions.IncidentSuggestions),
                     typeof(Microsoft.Extensions.Options.IOptionsMonitor<StatusHub.Channels.Telegram.TelegramOptions>),
                 })
        {
            Services.AddSingleton(type, App.Services.GetRequiredService(type));
        }

        var auth = AddAuthorization();
        auth.SetAuthorized(Editor);
        auth.SetRoles(StaffRoles.Editor);
        auth.SetPolicies(StaffRoles.StaffPolicy);
        JSInterop.SetUpStaffBrowser(new BrowserZone("UTC", 0));
    }

    protected WebApplicationFactory<Program> App { get; }

    protected T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Signs the page in as an admin instead of the editor it starts as.</summary>
    protected void SignInAsAdmin() =>
        AddAuthorization().SetAuthorized(Admin).SetRoles(StaffRoles.Admin).SetPolicies(StaffRoles.StaffPolicy, StaffRoles.AdminPolicy);

    protected StatusComponent Component(string name) => Get<ComponentService>().Create(new ComponentDraft(name, null, null), Editor);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            App.Dispose();
            _factory.Dispose();
        }
    }
}
