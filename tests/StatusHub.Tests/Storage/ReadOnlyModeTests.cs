using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.Incidents.Templates;
using StatusHub.Maintenance;
using StatusHub.ManageApi;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Staff;
using static StatusHub.Tests.ManageApi.ManageApiCalls;

namespace StatusHub.Tests.Storage;

/// <summary>
/// Read-only mode: the store refuses every write but a short, named list; the refusal reaches every caller as one sentence
/// (503 problem for the API), while reads, sign-in and the switch itself keep working.
/// </summary>
public sealed class ReadOnlyModeTests : IAsyncDisposable
{
    private static readonly string[] WriteMethods = ["POST", "PUT", "PATCH", "DELETE"];

    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryManagementApiWriteIsRefusedWith503SayingWhyAndSinceWhenAndChangesNothing()
    {
        var services = _app.Services;
        var component = services.GetRequiredService<ComponentService>().Create(new ComponentDraft("API", null, null), "admin@example.com");
        var incident = services.GetRequiredService<IncidentService>().Open(
            new NewIncident("API errors", IncidentImpact.Major, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "admin@example.com", PublishChoice.Silent);
        var start = _app.Time.GetUtcNow().AddDays(1);
        var maintenance = services.GetRequiredService<MaintenanceService>().Schedule(
            new MaintenanceDraft("Upgrade", null, start.UtcDateTime, start.AddHours(1).UtcDateTime, [component.Id]), "admin@example.com", PublishChoice.Silent);
        services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Email, "ann@example.com", true, null, "admin@example.com");
        var template = services.GetRequiredService<IncidentTemplateService>().Create(
            new IncidentTemplateDraft("Relay slow", "Outgoing mail slow", IncidentImpact.Minor, IncidentStatus.Investigating, "Queued.", [], []), "admin@example.com");
        var draft = services.GetRequiredService<StatusHub.Incidents.Suggestions.IncidentSuggestions>().Suggest(
            "alertmanager", "am:api", [component.Id], IncidentImpact.Major, "API errors rising", "We are looking into API errors.", "ApiErrors");
        using var client = Client(_app, ApiKeyScope.Write);
        var window = $$"""
            "scheduled_for":"{{start.AddDays(1):O}}","scheduled_until":"{{start.AddDays(1).AddHours(2):O}}"
            """;
        // A body each route would accept: refused only because the store is read-only, not for its input.
        var calls = new Dictionary<string, (string Path, string? Body)>
        {
            ["POST /components"] = ("/components", """{"component":{"name":"Web"}}"""),
            ["PATCH /components/{id}"] = ($"/components/{component.Id}", """{"component":{"status":"major_outage"}}"""),
            ["POST /incidents"] = ("/incidents", """{"incident":{"name":"New","body":"Down."}}"""),
            ["PATCH /incidents/{id}"] = ($"/incidents/{incident.Id}", """{"incident":{"status":"identified","body":"Found."}}"""),
            ["POST /maintenances"] = ("/maintenances", $$$"""{"maintenance":{"name":"Move",{{{window}}}}}"""),
            ["PATCH /maintenances/{id}"] = ($"/maintenances/{maintenance.Id}", """{"maintenance":{"name":"Renamed"}}"""),
            ["DELETE /maintenances/{id}"] = ($"/maintenances/{maintenance.Id}", null),
            ["POST /subscribers"] = ("/subscribers", """{"subscriber":{"email":"bob@example.com","skip_confirmation_notification":true}}"""),
            ["DELETE /subscribers/{id}"] = ("/subscribers/email%3Aann%40example.com", null),
            ["POST /incident_templates"] = ("/incident_templates", """{"incident_template":{"name":"Web down","title":"Web down","body":"Down."}}"""),
            ["PATCH /incident_templates/{id}"] = ($"/incident_templates/{template.Id}", """{"incident_template":{"title":"Outgoing mail delayed"}}"""),
            ["DELETE /incident_templates/{id}"] = ($"/incident_templates/{template.Id}", null),
            ["POST /drafts/{id}/publish"] = ($"/drafts/{draft.Id}/publish", "{}"),
            ["POST /drafts/{id}/dismiss"] = ($"/drafts/{draft.Id}/dismiss", "{}"),
        };
        var routes = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(ManageEndpoints.Prefix + "/", StringComparison.Ordinal) == true && e.RoutePattern.Parameters.All(p => !p.IsCatchAll))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []).Intersect(WriteMethods)
                .Select(method => $"{method} {e.RoutePattern.RawText![ManageEndpoints.Prefix.Length..]}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(calls.Keys.Order(StringComparer.Ordinal), routes);

        var state = services.GetRequiredService<ReadOnlyMode>().SwitchOn("admin@example.com", "restoring last night's backup");
        foreach (var route in routes)
        {
            var (path, body) = calls[route];
            var before = StoreContents(_app);

            var response = await SendAsync(client, new HttpMethod(route.Split(' ')[0]), ManageEndpoints.Prefix + path, body);

            var detail = await ProblemAsync(response, 503);
            Assert.Equal(state.Sentence, detail);
            Assert.Contains("admin@example.com switched it on (restoring last night's backup)", detail);
            Assert.Contains(state.Since.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), detail);
            Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.RetryAfter?.Delta);
            Assert.True(before == StoreContents(_app), $"{route} was refused but changed the store.");
        }
    }

    [Fact]
    public async Task ReadsPublicPagesAndSignInGoOnWhileReadOnlyAndTheAdminSwitchesItOffAgain()
    {
        var admin = _app.CreateAccount(StaffRoles.Admin);
        _app.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("API", null, null), "admin@example.com");
        using var apiClient = Client(_app, ApiKeyScope.Read);
        var mode = _app.Services.GetRequiredService<ReadOnlyMode>();
        mode.SwitchOn(admin.Email, "store rebuild");

        using var visitor = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/api/v2/summary.json", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/history.rss", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await apiClient.GetAsync(ManageEndpoints.Prefix + "/components", TestContext.Current.CancellationToken)).StatusCode);
        using var staff = await _app.CreateSignedInClientAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/admin", TestContext.Current.CancellationToken)).StatusCode);

        mode.SwitchOff(admin.Email);

        Assert.Null(mode.Current);
        _app.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("Web", null, null), admin.Email);
        Assert.Equal(
            ["store.read-only-off", "store.read-only-on"],
            _app.Services.GetRequiredService<Audit.AuditLog>().Page(0, "store").Select(e => e.Action).Order());
    }

    [Fact]
    public void TheStoreRefusesEveryWriteButTheNamedSystemWrites()
    {
        Assert.Equal(
            [SystemWrite.OutboxDelivery, SystemWrite.BotUpdateCursor, SystemWrite.ReadOnlySwitch, SystemWrite.SignIn, SystemWrite.Readiness, SystemWrite.Backup],
            Enum.GetValues<SystemWrite>());
        var store = _app.Services.GetRequiredService<LiteStore>();
        _app.Services.GetRequiredService<ReadOnlyMode>().SwitchOn("admin@example.com", "restore");

        var refused = Assert.Throws<ReadOnlyException>(() => store.Write(scope => scope.Collection<Audit.AuditEntry>().Insert(new Audit.AuditEntry { Actor = "a", Action = "b", Subject = "c" })));

        Assert.StartsWith("StatusHub is read-only since ", refused.Message);
        foreach (var allowed in Enum.GetValues<SystemWrite>())
        {
            Assert.True(store.Write(_ => true, affectsStatusPage: false, allowedWhileReadOnly: allowed));
        }
    }

    [Fact]
    public void TheReadOnlyStartFlagForcesTheModeOnAndNoAdminCanSwitchItOff()
    {
        Assert.Equal(["--Storage:ReadOnly=true", "--urls", "http://127.0.0.1:5000"], CommandLine.Split(["--read-only", "--urls", "http://127.0.0.1:5000"]).HostArgs);
        using var data = new TempFolder();
        using var app = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = data.Path, ["Storage:ReadOnly"] = "true" });
        var mode = app.Services.GetRequiredService<ReadOnlyMode>();

        Assert.True(mode.Current?.ByStartFlag);
        Assert.Contains("--read-only", mode.Current!.Sentence);
        Assert.Throws<ReadOnlyException>(() => mode.SwitchOff("admin@example.com"));
        Assert.Throws<ReadOnlyException>(() => app.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("Web", null, null), "admin@example.com"));
    }

    [Fact]
    public async Task TheRealAppStartedWithTheReadOnlyFlagServesReadsRefusesWritesAndStopsCleanly()
    {
        using var data = new TempFolder();
        var (exit, output, error) = await StatusHubProcess.RunCommandAsync(data.Path, "apikey", "create", "--name", "deploy", "--scope", "write");
        Assert.True(exit == 0, error);
        var key = output.Trim().Split('\n')[^1].Trim();
        using var app = StatusHubProcess.Start(data.Path, [], flags: ["--read-only"]);
        await app.WaitUntilServingAsync();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);

        var summary = await http.GetAsync("/api/v2/summary.json", TestContext.Current.CancellationToken);
        var write = await PostAsync(http, ManageEndpoints.Prefix + "/components", """{"component":{"name":"Web"}}""");
        app.Terminate();

        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        Assert.Contains("it was started with --read-only", await ProblemAsync(write, 503));
        Assert.True(await app.WaitForExitAsync() == 0, app.Output);
    }

    [Fact]
    public void TheAdminsSwitchHoldsAcrossARestart()
    {
        using var data = new TempFolder();
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = data.Path };
        using (var first = AppServices.Build(settings))
        {
            first.Services.GetRequiredService<ReadOnlyMode>().SwitchOn("admin@example.com", "restore");
        }

        using var second = AppServices.Build(settings);

        Assert.Equal(("admin@example.com", "restore", false), second.Services.GetRequiredService<ReadOnlyMode>().Current is { } s ? (s.By, s.Reason, s.ByStartFlag) : default);
    }
}
