using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Components.Forms;
using Microsoft.Extensions.Options;
using StatusHub.Incidents.Templates;
using StatusHub.Probes;
using StatusHub.Staff;
using StatusHub.StatusPage;

namespace StatusHub.Tests.Support;

/// <summary>
/// bUnit with the real services over a temp LiteDB, an editor signed in, and a browser in Berlin
/// (UTC+1 in November, when <see cref="TestStore.Start"/> is), so local-to-UTC conversion is visible.
/// </summary>
public abstract class StaffPageApp : BunitContext
{
    public const string Editor = "editor@example.com";

    protected StaffPageApp()
    {
        Store = new TestStore();
        Snapshots = Store.Snapshots();
        Services.AddSingleton(Store.Store);
        Services.AddSingleton<TimeProvider>(Store.Time);
        Services.AddSingleton(Store.Components);
        Services.AddSingleton(Store.Incidents);
        Services.AddSingleton(Store.Maintenance);
        Services.AddSingleton(Store.Get<IncidentTemplateService>());
        Services.AddSingleton(Store.Get<ProbeService>());
        Services.AddSingleton(Store.Get<ProbeResults>());
        Services.AddSingleton(Store.Get<IOptions<ProbesOptions>>());
        Services.AddSingleton(Store.Get<StatusHub.Incidents.Suggestions.IncidentSuggestions>());
        Services.AddSingleton(Store.Get<StatusHub.Backups.BackupService>());
        Services.AddSingleton(Store.Get<IOptionsMonitor<StatusHub.Storage.StorageOptions>>());
        Services.AddSingleton(Snapshots);
        // No channel configured: these pages are about authoring; the channel pages have their own context.
        Services.AddSingleton(Store.Get<NotificationPublisher>());

        var auth = AddAuthorization();
        auth.SetAuthorized(Editor);
        auth.SetRoles(StaffRoles.Editor);
        auth.SetPolicies(StaffRoles.StaffPolicy);

        JSInterop.SetUpStaffBrowser(new BrowserZone("Europe/Berlin", 60));
    }

    protected TestStore Store { get; }

    protected StatusSnapshotService Snapshots { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Snapshots.Dispose();
            Store.Dispose();
        }
    }
}
