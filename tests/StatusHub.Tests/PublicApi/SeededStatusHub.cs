using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.PublicApi;

/// <summary>
/// The app holding a bit of everything a public answer can carry: a group and an ungrouped component, an open
/// incident that reached monitoring, a resolved one, and maintenance upcoming, in progress and completed.
/// </summary>
public sealed class SeededStatusHub : IDisposable
{
    public const string Actor = "oncall@example.com";

    public SeededStatusHub()
    {
        var components = Factory.Services.GetRequiredService<ComponentService>();
        var incidents = Factory.Services.GetRequiredService<IncidentService>();
        var maintenance = Factory.Services.GetRequiredService<MaintenanceService>();

        Platform = components.CreateGroup("Platform", "What customers call", Actor);
        Api = components.Create(new ComponentDraft("API", "The public REST API", Platform.Id), Actor);
        Webhooks = components.Create(new ComponentDraft("Webhooks", null, Platform.Id), Actor);
        Website = components.Create(new ComponentDraft("Website", "www and the dashboard", null), Actor);

        var now = Factory.Time.GetUtcNow().UtcDateTime;
        Completed = maintenance.Schedule(new MaintenanceDraft("Database upgrade", "A minor version upgrade.", now.AddMinutes(-5), now.AddMinutes(10), [Website.Id]), Actor);
        Factory.Time.Advance(TimeSpan.FromMinutes(11));
        maintenance.AdvanceAll();
        Completed = maintenance.Get(Completed.Id);

        var outage = incidents.Open(
            new NewIncident("Webhook deliveries stopped", null, new UpdateDraft(IncidentStatus.Investigating, "Deliveries are not going out.", null,
                new Dictionary<string, ComponentStatus> { [Webhooks.Id] = ComponentStatus.MajorOutage })),
            Actor);
        Factory.Time.Advance(TimeSpan.FromMinutes(20));
        Resolved = incidents.Resolve(outage.Id, outage.Version, "Deliveries are back and the backlog is sent.", Actor);

        Factory.Time.Advance(TimeSpan.FromMinutes(5));
        var open = incidents.Open(
            new NewIncident("Elevated API errors", null, new UpdateDraft(IncidentStatus.Investigating, "We are **looking** into it.", null,
                new Dictionary<string, ComponentStatus> { [Api.Id] = ComponentStatus.PartialOutage })),
            Actor);
        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        open = incidents.PostUpdate(open.Id, open.Version, new UpdateDraft(IncidentStatus.Identified, "A bad deploy; rolling back.", null,
            new Dictionary<string, ComponentStatus> { [Api.Id] = ComponentStatus.DegradedPerformance }), Actor);
        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        Open = incidents.PostUpdate(open.Id, open.Version, new UpdateDraft(IncidentStatus.Monitoring, "The rollback is out; we are watching error rates."), Actor);

        now = Factory.Time.GetUtcNow().UtcDateTime;
        Active = maintenance.Schedule(new MaintenanceDraft("Network maintenance", "", now.AddMinutes(-1), now.AddHours(2), [Webhooks.Id]), Actor);
        Upcoming = maintenance.Schedule(new MaintenanceDraft("Storage migration", "We move files to new disks.", now.AddDays(1), now.AddDays(1).AddHours(2), [Api.Id, Website.Id]), Actor);
    }

    public StatusHubApp Factory { get; } = new();

    public ComponentGroup Platform { get; }
    public StatusComponent Api { get; }
    public StatusComponent Webhooks { get; }
    public StatusComponent Website { get; }
    public Incident Open { get; }
    public Incident Resolved { get; }
    public ScheduledMaintenance Completed { get; }
    public ScheduledMaintenance Active { get; }
    public ScheduledMaintenance Upcoming { get; }

    public void Dispose() => Factory.Dispose();
}
