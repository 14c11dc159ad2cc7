using System.Net;
using System.Text.Json;
using StatusHub.Incidents;
using StatusHub.Incidents.Templates;
using StatusHub.ManageApi;
using StatusHub.StatusComponents;
using Microsoft.Extensions.DependencyInjection;
using static StatusHub.Tests.ManageApi.ManageApiCalls;

namespace StatusHub.Tests.ManageApi;

/// <summary>Incident templates over the management API, and incidents opened from one.</summary>
public sealed class ManageApiIncidentTemplateTests : IAsyncDisposable
{
    private const string Path = "/api/manage/v1/incident_templates";
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CreatesListsEditsAndDeletesATemplateAndOpensAnIncidentFromIt()
    {
        var relay = _app.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("SMTP relay", null, null), "admin@example.com");
        using var client = Client(_app, ApiKeyScope.Write);

        var created = await PostAsync(client, Path,
            """{"incident_template":{"name":"Relay slow","title":"Outgoing mail slow","impact":"minor","body":"Mail is **queued**.","components":{"smtp RELAY":"partial_outage","Fax":"major_outage"},"channels":["webhook"]}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var template = await Json(created);
        var id = template.GetProperty("id").GetString()!;
        Assert.Equal($"{Path}/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("investigating", 1), (template.GetProperty("status").GetString(), template.GetProperty("version").GetInt32()));

        var list = await Json(await client.GetAsync(Path, TestContext.Current.CancellationToken));
        Assert.Equal(
            ["Degraded performance", "Inbound mail not parsed", "Outbound mail delayed", "Relay slow", "Web app unavailable"],
            list.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("outbound-mail-delayed.json", list[2].GetProperty("file").GetString());

        var edited = await SendAsync(client, HttpMethod.Patch, $"{Path}/{id}", """{"incident_template":{"title":"Outgoing mail delayed"}}""");
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var read = await Json(await client.GetAsync($"{Path}/{id}", TestContext.Current.CancellationToken));
        Assert.Equal(("Outgoing mail delayed", "Relay slow", 2), (read.GetProperty("title").GetString(), read.GetProperty("name").GetString(), read.GetProperty("version").GetInt32()));

        var opened = await PostAsync(client, "/api/manage/v1/incidents", $$$"""{"incident":{"template_id":"{{{id}}}","status":"identified"}}""");
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var incident = _app.Services.GetRequiredService<IncidentService>().Get((await Json(opened)).GetProperty("id").GetString()!);
        Assert.Equal(("Outgoing mail delayed", IncidentImpact.Minor, IncidentStatus.Identified), (incident.Title, incident.ImpactOverride, incident.Status));
        Assert.Equal("Mail is **queued**.", incident.Updates.Single().Body);
        Assert.Equal(new Dictionary<string, ComponentStatus> { [relay.Id] = ComponentStatus.PartialOutage }, incident.Updates.Single().ComponentStatuses);

        var deleted = await SendAsync(client, HttpMethod.Delete, $"{Path}/{id}", null);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAsync(await client.GetAsync($"{Path}/{id}", TestContext.Current.CancellationToken), 404);
    }

    [Fact]
    public async Task RefusesBadTemplatesAndUnknownTemplateIdsAndShippedChangesWithProblems()
    {
        using var client = Client(_app, ApiKeyScope.Write);
        var before = StoreContents(_app);

        Assert.Contains("incident_template.status", await ProblemAsync(await PostAsync(client, Path, """{"incident_template":{"name":"N","title":"T","body":"B","status":"sleeping"}}"""), 422));
        Assert.Contains("Title is required", await ProblemAsync(await PostAsync(client, Path, """{"incident_template":{"name":"N","body":"B"}}"""), 422));
        Assert.Contains("chanels", await ProblemAsync(await PostAsync(client, Path, """{"incident_template":{"name":"N","title":"T","body":"B","chanels":[]}}"""), 400));
        Assert.Contains("template_id", await ProblemAsync(await PostAsync(client, "/api/manage/v1/incidents", """{"incident":{"template_id":"nosuchtemplate"}}"""), 422));
        Assert.Contains("shipped template", await ProblemAsync(await SendAsync(client, HttpMethod.Delete, $"{Path}/shipped-web-app-unavailable", null), 422));

        Assert.Equal(before, StoreContents(_app));
    }

    [Fact]
    public async Task AReadKeyListsTemplatesButCannotWriteThem()
    {
        using var client = Client(_app, ApiKeyScope.Read);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Path, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(client, Path, """{"incident_template":{"name":"N","title":"T","body":"B"}}""")).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheTemplateEndpointsAndTheirBodies()
    {
        using var client = _app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement;

        var paths = document.GetProperty("paths");
        Assert.Equal(["get", "post"], paths.GetProperty(Path).EnumerateObject().Select(o => o.Name).Order());
        Assert.Equal(["delete", "get", "patch"], paths.GetProperty(Path + "/{id}").EnumerateObject().Select(o => o.Name).Order());
        Assert.True(paths.GetProperty(Path).GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Contains("channels", BodyFields(paths.GetProperty(Path).GetProperty("post")));
        Assert.Contains(BodyFields(paths.GetProperty("/api/manage/v1/incidents").GetProperty("post")), f => f is "template_id" or "templateId");
    }

    /// <summary>The fields of the object a request body wraps, as the document names them.</summary>
    private static List<string> BodyFields(JsonElement operation) =>
        operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties")
            .EnumerateObject().Single().Value.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
}
