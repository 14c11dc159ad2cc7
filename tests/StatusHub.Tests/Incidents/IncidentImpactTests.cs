using System.Text.Json;
using LiteDB;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Webhooks;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Incidents;

public class IncidentImpactTests
{
    private const string Actor = "oncall@example.com";
    private const string Secret = "hook-secret";

    [Fact]
    public void ADerivedImpactFollowsTheWorstComponentStatusAnyUpdateSetAndKeepsItAfterRecovery()
    {
        using var store = new TestStore();
        var api = store.Component("API");

        var incident = store.Incidents.Open(new NewIncident("API errors", null, Draft(IncidentStatus.Investigating, api.Id, ComponentStatus.DegradedPerformance)), Actor);
        var minor = incident.Impact;
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, Draft(IncidentStatus.Identified, api.Id, ComponentStatus.MajorOutage), Actor);
        var critical = store.Incidents.Get(incident.Id).Impact;
        incident = store.Incidents.PostUpdate(incident.Id, incident.Version, Draft(IncidentStatus.Monitoring, api.Id, ComponentStatus.DegradedPerformance), Actor);
        store.Incidents.Resolve(incident.Id, incident.Version, "Fixed.", Actor);

        Assert.Equal((IncidentImpact.Minor, IncidentImpact.Critical), (minor, critical));
        Assert.Equal(IncidentImpact.Critical, store.Incidents.Get(incident.Id).Impact);
    }

    [Fact]
    public void AChosenImpactWinsUntilStaffGoBackToDerivingIt()
    {
        using var store = new TestStore();
        var api = store.Component("API");

        var incident = store.Incidents.Open(new NewIncident("API errors", IncidentImpact.Minor, Draft(IncidentStatus.Investigating, api.Id, ComponentStatus.MajorOutage)), Actor);
        var chosen = incident.Impact;
        incident = store.Incidents.EditDetails(incident.Id, incident.Version, incident.Title, null, incident.ComponentIds, Actor);

        Assert.Equal((IncidentImpact.Minor, IncidentImpact.Critical), (chosen, incident.Impact));
        Assert.Equal((null, IncidentImpact.Critical), (store.Incidents.Get(incident.Id).ImpactOverride, store.Incidents.Get(incident.Id).Impact));
    }

    [Fact]
    public void AnIncidentStoredBeforeImpactWasDerivedKeepsTheImpactItHad()
    {
        using var store = new TestStore();
        var incident = store.Incidents.Open(new NewIncident("API errors", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Actor);
        var stored = store.Store.Database.GetCollection(CollectionNames.For<Incident>());
        var document = stored.FindById(incident.Id);
        document["Impact"] = "Major";
        stored.Update(document);

        Assert.Equal(IncidentImpact.Major, store.Incidents.Get(incident.Id).Impact);
        Assert.False(stored.FindById(incident.Id).ContainsKey("ImpactOverride"));
    }

    [Fact]
    public async Task TheStoredIncidentThePageSummaryJsonTheWebhookAndThePreviewAllFollowALaterMajorOutage()
    {
        using var factory = new StatusHubApp();
        await using var hooks = await HttpReceiver.StartAsync(Secret, factory.Time);
        using var app = factory.WithWebHostBuilder(host => host
            .UseSetting("Webhooks:Secret", Secret)
            .UseSetting("Webhooks:PerSecond", "1000")
            .UseSetting("StatusPage:PublicUrl", "https://status.example.com"));
        var incidents = app.Services.GetRequiredService<IncidentService>();
        var api = app.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("API", null, null), Actor);
        app.Services.GetRequiredService<WebhookEndpointService>().Add(hooks.UrlFor("/hook").ToString(), null, null, Actor);
        var client = app.CreateClient();

        var first = Draft(IncidentStatus.Investigating, api.Id, ComponentStatus.PartialOutage);
        var openPreviews = incidents.Preview(null, "API errors", first, Actor);
        var openPreview = WebhookImpact(openPreviews);
        var incident = incidents.Open(new NewIncident("API errors", null, first), Actor);
        var later = Draft(IncidentStatus.Identified, api.Id, ComponentStatus.MajorOutage);
        var updatePreviews = incidents.Preview(incident.Id, "", later, Actor);
        var updatePreview = WebhookImpact(updatePreviews);
        incidents.PostUpdate(incident.Id, incident.Version, later, Actor);
        await hooks.WaitUntilAsync(r => IncidentImpacts(r).Count == 2, TimeSpan.FromSeconds(30));

        Assert.Equal(("major", "critical"), (openPreview, updatePreview));
        Assert.Equal(IncidentImpact.Critical, incidents.Get(incident.Id).Impact);
        Assert.Equal(["major", "critical"], IncidentImpacts(hooks.Received));
        // The preview tells the page as it will be once the update is posted, as the webhook sent then does.
        Assert.Equal(["major", "critical"], [PageIndicator(openPreviews), PageIndicator(updatePreviews)]);
        Assert.Equal(["major", "critical"], hooks.Received.Where(r => r.Json.TryGetProperty("incident", out _)).Select(r => r.Json.GetProperty("page").GetProperty("status_indicator").GetString()));
        var summary = JsonDocument.Parse(await client.GetStringAsync("/api/v2/summary.json", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("critical", summary.GetProperty("incidents")[0].GetProperty("impact").GetString());
        Assert.Equal("critical", summary.GetProperty("status").GetProperty("indicator").GetString());
        var page = await client.GetStringAsync($"/incidents/{incident.Id}", TestContext.Current.CancellationToken);
        Assert.Contains("badge badge-critical", page);
    }

    private static UpdateDraft Draft(IncidentStatus status, string componentId, ComponentStatus componentStatus) =>
        new(status, $"{status}.", null, new Dictionary<string, ComponentStatus> { [componentId] = componentStatus });

    /// <summary>The impact in each incident webhook received (component webhooks carry none).</summary>
    private static List<string?> IncidentImpacts(IReadOnlyList<ReceivedRequest> received) =>
        [.. received.Where(r => r.Json.TryGetProperty("incident", out _)).Select(r => r.Json.GetProperty("incident").GetProperty("impact").GetString())];

    private static string? PageIndicator(IReadOnlyList<ChannelPreview> previews) =>
        JsonDocument.Parse(previews.Single(p => p.Channel == ChannelNames.Webhook).Message!.Text).RootElement.GetProperty("page").GetProperty("status_indicator").GetString();

    private static string? WebhookImpact(IReadOnlyList<ChannelPreview> previews) =>
        JsonDocument.Parse(previews.Single(p => p.Channel == ChannelNames.Webhook).Message!.Text).RootElement.GetProperty("incident").GetProperty("impact").GetString();
}
