using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.ManageApi;
using StatusHub.Subscribers;
using StatusHub.Tests.Subscribers;
using static StatusHub.Tests.ManageApi.ManageApiCalls;

namespace StatusHub.Tests.ManageApi;

/// <summary>A write the API refuses changes nothing: no field saved, no audit entry, no notification queued.</summary>
public sealed class ManageApiWriteAtomicityTests : IAsyncDisposable
{
    private readonly StatusHubApp _factory = new();

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EveryWriteEndpointRefusingABodyWithOneValidAndOneInvalidFieldSavesNothing()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null, more: new Dictionary<string, string> { ["Sms:Recipients:0"] = "+15550100" });
        using var client = Client(app, ApiKeyScope.Write);
        var api = app.Component("API");
        var incident = app.Services.GetRequiredService<IncidentService>().Open(
            new NewIncident("API errors", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "staff@example.net", PublishChoice.Silent);
        var start = _factory.Time.GetUtcNow().AddDays(1);
        var maintenance = app.Services.GetRequiredService<MaintenanceService>().Schedule(
            new MaintenanceDraft("Upgrade", null, start.UtcDateTime, start.AddHours(1).UtcDateTime, [api.Id]), "staff@example.net", PublishChoice.Silent);
        app.Services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, "staff@example.net");
        var window = $$"""
            "scheduled_for":"{{start:O}}","scheduled_until":"{{start.AddHours(2):O}}"
            """;
        var cases = new (HttpMethod Method, string Path, string? Body, int Status)[]
        {
            (HttpMethod.Post, "/components", """{"component":{"name":"Web","status":"down"}}""", 422),
            (HttpMethod.Post, "/components", """{"component":{"name":"Web","group_id":"nosuchgroup1"}}""", 422),
            (HttpMethod.Patch, $"/components/{api.Id}", """{"component":{"name":"Renamed","status":"down"}}""", 422),
            (HttpMethod.Patch, $"/components/{api.Id}", """{"component":{"status":"major_outage","group_id":"nosuchgroup1"}}""", 422),
            (HttpMethod.Patch, $"/components/{api.Id}", """{"component":{"name":"Renamed","description":7}}""", 400),
            (HttpMethod.Post, "/incidents", """{"incident":{"name":"New","body":"Down.","status":"broken"}}""", 422),
            (HttpMethod.Post, "/incidents", """{"incident":{"name":"New","body":"Down.","components":{"nosuchcompo":"major_outage"}}}""", 422),
            (HttpMethod.Patch, $"/incidents/{incident.Id}", """{"incident":{"name":"Renamed","impact_override":"minor","status":"broken"}}""", 422),
            (HttpMethod.Patch, $"/incidents/{incident.Id}", """{"incident":{"name":"Renamed","body":"Fixed.","components":{"nosuchcompo":"operational"}}}""", 422),
            (HttpMethod.Patch, $"/incidents/{incident.Id}", $$$"""{"incident":{"name":"Renamed","status":"identified","body":"Found.","components":{"{{{api.Id}}}":"major_outage"},"backfill_date":"{{{start:O}}}"}}""", 422),
            (HttpMethod.Patch, $"/incidents/{incident.Id}", """{"incident":{"impact_override":"minor","status":"identified"}}""", 422),
            (HttpMethod.Patch, $"/incidents/{incident.Id}", """{"incident":{"name":"Renamed","status":"identified","body":"Found.","deliver_notifications":"no"}}""", 400),
            (HttpMethod.Post, "/maintenances", $$$"""{"maintenance":{"name":"Move",{{{window}}},"component_ids":["nosuchcompo"]}}""", 422),
            (HttpMethod.Patch, $"/maintenances/{maintenance.Id}", $$$"""{"maintenance":{"name":"Renamed","scheduled_until":"{{{start.AddHours(-1):O}}}"}}""", 422),
            (HttpMethod.Patch, $"/maintenances/{maintenance.Id}", """{"maintenance":{"name":"Renamed","component_ids":["nosuchcompo"]}}""", 422),
            (HttpMethod.Delete, $"/maintenances/{maintenance.Id}?deliver_notifications=perhaps", null, 400),
            (HttpMethod.Delete, $"/maintenances/{maintenance.Id}?deliverNotifications=false", null, 400),
            (HttpMethod.Post, "/subscribers", """{"subscriber":{"email":"bob@example.com","component_ids":["nosuchcompo"],"skip_confirmation_notification":true}}""", 422),
            (HttpMethod.Post, "/subscribers", """{"subscriber":{"phone_number":"+15550111","component_ids":["nosuchcompo"]}}""", 422),
            (HttpMethod.Post, "/subscribers", """{"subscriber":{"email":"bob@example.com","skip_confirmation_notification":"yes"}}""", 400),
            (HttpMethod.Delete, "/subscribers/email%3Aann%40example.com?notify=false", null, 400),
        };

        foreach (var (method, path, body, status) in cases)
        {
            var before = StoreContents(app);

            var response = await SendAsync(client, method, ManageEndpoints.Prefix + path, body);

            var detail = await ProblemAsync(response, status);
            Assert.True(before == StoreContents(app), $"{method} {path} {body} answered {status} ({detail}) but changed the store.");
        }
    }
}
