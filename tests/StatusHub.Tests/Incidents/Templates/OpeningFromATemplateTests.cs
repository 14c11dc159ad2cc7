using StatusHub.Channels.Webhooks;
using StatusHub.Incidents;
using StatusHub.Incidents.Templates;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Incidents.Templates;

public class OpeningFromATemplateTests
{
    private const string Secret = "whsec-test";

    [Fact]
    public async Task AnIncidentOpenedFromAShippedTemplateReachesASubscribedWebhookWithTheTemplatesWords()
    {
        using var store = new TestStore();
        await using var receiver = await HttpReceiver.StartAsync(Secret, store.Time);
        using var rig = new ChannelApp(store, webhooks: new WebhookOptions { Secret = Secret });
        var outbound = store.Component("OUTBOUND MAIL");
        rig.Endpoints.Add(receiver.UrlFor("/statushub").ToString(), "Ops chat bridge", null, "admin@example.com");
        var templates = rig.Get<IncidentTemplateService>();
        var template = templates.All().Single(t => t.Name == "Outbound mail delayed");

        var start = templates.Start(template, store.Components.All());
        var incident = rig.Incidents.Open(start.Incident, "oncall@example.com", start.Publish);
        await rig.DeliverDueAsync();

        Assert.Empty(start.UnknownComponents);
        Assert.Equal(ComponentStatus.DegradedPerformance, store.Components.Get(outbound.Id).Status);
        var payload = Assert.Single(receiver.Received, r => r.Json.TryGetProperty("incident", out _)).Json.GetProperty("incident");
        Assert.Equal(incident.Id, payload.GetProperty("id").GetString());
        Assert.Equal("Outbound mail delayed", payload.GetProperty("name").GetString());
        Assert.Equal("minor", payload.GetProperty("impact").GetString());
        var update = Assert.Single(payload.GetProperty("incident_updates").EnumerateArray());
        Assert.Equal(template.Body, update.GetProperty("body").GetString());
    }
}
