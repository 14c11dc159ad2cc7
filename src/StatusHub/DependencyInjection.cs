using StatusHub.Alerts;
using StatusHub.Backups;
using StatusHub.Channels;
using StatusHub.Conversations;
using StatusHub.Feeds;
using StatusHub.Hosting;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.ManageApi;
using StatusHub.Operations;
using StatusHub.Postmortems;
using StatusHub.Probes;
using StatusHub.PublicApi;
using StatusHub.Staff;
using StatusHub.Staff.Telegram;
using StatusHub.StaticExport;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Telegram;
using StatusHub.Upstream;

namespace StatusHub;

public static class DependencyInjection
{
    /// <summary>
    /// Every feature's services, as the app runs them. The app, the command line, tests and benchmarks build through this
    /// one list, so a page that starts to need another feature's service cannot work in one of them and fail in another.
    /// </summary>
    public static WebApplicationBuilder AddStatusHub(this WebApplicationBuilder builder)
    {
        // First, so every feature's settings may come from a secret file.
        builder.AddSecretFiles();
        builder.AddReverseProxy();
        builder.AddSecurityHeaders();
        builder.AddStorage();
        builder.AddBackups();
        builder.AddStatusComponents();
        builder.AddIncidents();
        builder.AddMaintenance();
        builder.AddPostmortems();
        builder.AddStatusPage();
        builder.AddPublicApi();
        builder.AddFeeds();
        builder.AddStaff();
        builder.AddChannels();
        builder.AddStaticExport();
        builder.AddSubscribers();
        builder.AddTelegramBot();
        builder.AddStaffTelegramCommands();
        builder.AddConversations();
        builder.AddAlerts();
        builder.AddManageApi();
        builder.AddProbes();
        builder.AddUpstream();
        builder.AddOperations();
        builder.Services.AddHostedService<ControlSocket>();
        // A text box sends its whole value over the circuit as it is typed in: one message must hold the longest text a
        // staff form takes (a 50,000-character post-mortem, a pasted list of 10,000 addresses) in any script. Past
        // SignalR's default 32 KB the circuit drops the message and reconnects, and what was pasted never arrives.
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = MaxCircuitMessageBytes);
        // Serves Blazor's own script from the build output too, not only in Development; a published app has it in wwwroot.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    /// <summary>
    /// The longest box, the customer letter's pasted list (<see cref="Postmortems.CustomerLetters.MaxListBytes"/>, 1 MB
    /// of addresses), with room for JSON's escapes of its line breaks; a post-mortem's 50,000 characters take at most
    /// 150 KB. A request body of the same size is far below Kestrel's own limit (about 28 MB).
    /// </summary>
    public const long MaxCircuitMessageBytes = 2 * Postmortems.CustomerLetters.MaxListBytes;
}
