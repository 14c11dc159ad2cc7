using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Maintenance;
using StatusHub.ManageApi;
using StatusHub.Subscribers;
using StatusHub.Tests.Subscribers;
using static StatusHub.Tests.ManageApi.ManageApiCalls;

namespace StatusHub.Tests.ManageApi;

/// <summary>Query parameters by their documented names, and every refusal a problem in the API's own format.</summary>
public sealed class ManageApiErrorTests : IAsyncDisposable
{
    private readonly StatusHubApp _factory = new();

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task CancellingMaintenanceWithDeliverNotificationsFalseAsDocumentedTellsNobody()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);
        var db = app.Component("Database");
        app.Services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Webhook, "https://hooks.example.com/status", true, null, "staff@example.net");
        var maintenance = app.Services.GetRequiredService<MaintenanceService>();
        var start = _factory.Time.GetUtcNow().AddDays(1).UtcDateTime;
        var quiet = maintenance.Schedule(new MaintenanceDraft("Quiet", null, start, start.AddHours(1), [db.Id]), "staff@example.net", PublishChoice.Silent);
        var loud = maintenance.Schedule(new MaintenanceDraft("Loud", null, start, start.AddHours(1), [db.Id]), "staff@example.net", PublishChoice.Silent);
        var notifications = app.Services.GetRequiredService<StatusHub.Storage.LiteStore>().Collection<Notification>();

        var silent = await client.DeleteAsync($"/api/manage/v1/maintenances/{quiet.Id}?deliver_notifications=false", TestContext.Current.CancellationToken);
        var queuedBySilent = notifications.Count();
        var told = await client.DeleteAsync($"/api/manage/v1/maintenances/{loud.Id}?deliver_notifications=true", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (silent.StatusCode, told.StatusCode));
        Assert.Equal("cancelled", (await Json(silent)).GetProperty("status").GetString());
        Assert.Equal((0, 1), (queuedBySilent, notifications.Count()));
    }

    [Theory]
    [InlineData("/maintenances/{maintenance}?deliverNotifications=false", "DELETE", "did you mean 'deliver_notifications'")]
    [InlineData("/incidents?Page=2&per_page=100", "GET", "'per_page'")]
    [InlineData("/subscribers?search=ann", "GET", "takes: type, state, q, page")]
    [InlineData("/components?page=2", "GET", "takes no query parameters")]
    public async Task AnUnknownQueryParameterIsRefusedNamingTheOnesThatExist(string path, string method, string named)
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);
        var db = app.Component("Database");
        var start = _factory.Time.GetUtcNow().AddDays(1).UtcDateTime;
        var maintenance = app.Services.GetRequiredService<MaintenanceService>().Schedule(
            new MaintenanceDraft("Upgrade", null, start, start.AddHours(1), [db.Id]), "staff@example.net", PublishChoice.Silent);

        var response = await SendAsync(client, new HttpMethod(method), "/api/manage/v1" + path.Replace("{maintenance}", maintenance.Id, StringComparison.Ordinal), null);

        Assert.Contains(named, await ProblemAsync(response, 400), StringComparison.Ordinal);
        Assert.Equal(MaintenanceStatus.Scheduled, app.Services.GetRequiredService<MaintenanceService>().Get(maintenance.Id).Status);
    }

    [Theory]
    [InlineData("/incidents?page=abc")]
    [InlineData("/incidents?page=0")]
    [InlineData("/incidents?page=-1")]
    [InlineData("/incidents?page=99999999999")]
    [InlineData("/incidents?page=2147483647")]
    [InlineData("/incidents?page=1&page=2")]
    [InlineData("/subscribers?page=abc")]
    [InlineData("/subscribers?page=0")]
    [InlineData("/subscribers?page=2147483647")]
    [InlineData("/subscribers?state=gone")]
    public async Task ABadPageOrFilterIsA400ProblemNamingTheParameter(string path)
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Read);

        var response = await client.GetAsync("/api/manage/v1" + path, TestContext.Current.CancellationToken);

        var parameter = path.Split('?')[1].Split('=')[0];
        Assert.StartsWith(parameter + " ", await ProblemAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLastPageThereIsAndOneBeyondItAreAnsweredWithTheirRows()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Read);
        app.OpenIncident("Mail delayed");

        var first = await client.GetStringAsync("/api/manage/v1/incidents?page=1", TestContext.Current.CancellationToken);
        var beyond = await client.GetStringAsync("/api/manage/v1/incidents?page=1000", TestContext.Current.CancellationToken);

        Assert.Single(JsonDocument.Parse(first).RootElement.EnumerateArray());
        Assert.Empty(JsonDocument.Parse(beyond).RootElement.EnumerateArray());
    }

    [Theory]
    [InlineData("1.5", "maintenance.scheduled_remind_prior_minutes must be a whole number, not 1.5.")]
    [InlineData("99999999999", "maintenance.scheduled_remind_prior_minutes must be a whole number from -2147483648 to 2147483647, not 99999999999.")]
    public async Task ANumberThatIsNotAWholeOneOrTooLargeSaysWhichAndWhatWasSent(string minutes, string detail)
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);

        var response = await PostAsync(client, "/api/manage/v1/maintenances",
            $$$"""{"maintenance":{"name":"x","scheduled_for":"2030-01-01T02:00:00Z","scheduled_until":"2030-01-01T03:00:00Z","scheduled_remind_prior_minutes":{{{minutes}}}}}""");

        Assert.Equal(detail, await ProblemAsync(response, 400));
    }

    [Theory]
    [InlineData("""{"incident":{"name":"x","body":"y","status":5}}""", "incident.status must be a string")]
    [InlineData("""{"incident":{"name":["x"],"body":"y"}}""", "incident.name must be a string")]
    [InlineData("""{"incident":{"name":"x","body":"y","deliver_notifications":"no"}}""", "incident.deliver_notifications must be true or false")]
    [InlineData("""{"incident":{"name":"x","body":"y","backfill_date":"yesterday"}}""", "incident.backfill_date must be a date and time")]
    [InlineData("""{"incident":{"name":"x","body":"y","components":["a"]}}""", "incident.components must be an object")]
    [InlineData("""{"incident":{"name":"x","body":"y","components":{"a":1}}}""", "incident.components.a must be a string")]
    [InlineData("""{"incident":"x"}""", "incident must be an object")]
    [InlineData("""{"incident":{"name":"x","body":"y","deliverNotifications":false}}""", "incident.deliverNotifications is not a field")]
    [InlineData("""{"incident":{"name":"x","name":"y","body":"y"}}""", "incident.name is given twice")]
    [InlineData("""[1]""", "must be a JSON object")]
    [InlineData("""{"incident":{"name":"x",}}""", "not valid JSON")]
    [InlineData("""{"incident":{"name":"x""", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("null", "empty")]
    public async Task ABodyOfTheWrongShapeIsA400NamingTheFieldAndTheTypeInPlainWords(string body, string detail)
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);

        var response = await PostAsync(client, "/api/manage/v1/incidents", body);

        var problem = await ProblemAsync(response, 400);
        Assert.Contains(detail, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("StatusHub.", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("$", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("option", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AListOfComponentIdsHoldingNullOrANumberNamesTheItem()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);

        var response = await PostAsync(client, "/api/manage/v1/subscribers", """{"subscriber":{"email":"a@example.com","component_ids":["x",null]}}""");

        Assert.Equal("subscriber.component_ids[1] must be a string, not null.", await ProblemAsync(response, 400));
    }

    [Theory]
    [InlineData("GET", "/api/manage/v1/incidents/nosuchincide", 404)]
    [InlineData("GET", "/api/manage/v1/incidents/..%2F..%2Fetc", 404)]
    [InlineData("GET", "/api/manage/v1/incidents/%01", 404)]
    [InlineData("GET", "/api/manage/v1/components/nosuchcompo", 404)]
    [InlineData("GET", "/api/manage/v1/maintenances/a/b", 404)]
    [InlineData("GET", "/api/manage/v1/nothing-here", 404)]
    [InlineData("PATCH", "/api/manage/v1/maintenances/nosuchmaint", 404)]
    [InlineData("DELETE", "/api/manage/v1/subscribers/garbage", 404)]
    [InlineData("PUT", "/api/manage/v1/incidents", 405)]
    [InlineData("DELETE", "/api/manage/v1/components/nosuchcompo", 405)]
    public async Task AnUnknownPathIdOrMethodIsAProblemInTheApisFormat(string method, string path, int status)
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);

        var response = await SendAsync(client, new HttpMethod(method), path, method is "PATCH" or "PUT" ? """{"maintenance":{"name":"x"}}""" : null);

        Assert.NotEmpty(await ProblemAsync(response, status));
    }

    [Fact]
    public async Task AVeryLongIdIsNotFoundRatherThanAnError()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);
        var id = new string('a', 3000);

        foreach (var path in new[] { $"/incidents/{id}", $"/maintenances/{id}", $"/components/{id}", $"/subscribers/email%3A{id}" })
        {
            var response = await client.GetAsync("/api/manage/v1" + path, TestContext.Current.CancellationToken);

            await ProblemAsync(response, 404);
        }
    }

    [Theory]
    [InlineData("%", new string[0])]
    [InlineData("_", new[] { "_x@example.com" })]
    [InlineData("a_", new[] { "a_b@example.com" })]
    [InlineData("a%", new[] { "a%25@example.com" })]
    [InlineData("a", new[] { "a%25@example.com", "a_b@example.com", "axb@example.com" })]
    [InlineData("[", new string[0])]
    [InlineData(".*", new string[0])]
    public async Task SubscriberSearchTakesWildcardsLiterally(string q, string[] expected)
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Read);
        var subscribers = app.Services.GetRequiredService<SubscriberService>();
        foreach (var address in new[] { "axb@example.com", "a_b@example.com", "a%25@example.com", "bob@example.com", "_x@example.com" })
        {
            subscribers.AddConfirmed(ChannelNames.Email, address, true, null, "staff@example.net");
        }

        foreach (var type in new[] { "", "&type=email" })
        {
            var listed = await client.GetStringAsync($"/api/manage/v1/subscribers?q={Uri.EscapeDataString(q)}{type}", TestContext.Current.CancellationToken);

            Assert.Equal(expected.Order(StringComparer.Ordinal), JsonDocument.Parse(listed).RootElement.EnumerateArray().Select(s => s.GetProperty("email").GetString()!).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentNamesTheQueryParametersAsTheApiReadsThem()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();

        var paths = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement.GetProperty("paths");

        Assert.Equal(["deliver_notifications"], QueryNames(paths.GetProperty("/api/manage/v1/maintenances/{id}").GetProperty("delete")));
        Assert.Equal(["page"], QueryNames(paths.GetProperty("/api/manage/v1/incidents").GetProperty("get")));
        Assert.Equal(["page", "q", "state", "type"], QueryNames(paths.GetProperty("/api/manage/v1/subscribers").GetProperty("get")).Order());
        var page = paths.GetProperty("/api/manage/v1/incidents").GetProperty("get").GetProperty("parameters")[0].GetProperty("schema");
        Assert.Equal("integer", page.GetProperty("type").GetString());
        Assert.Equal(1, page.GetProperty("minimum").GetInt32());
    }

    private static IEnumerable<string> QueryNames(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
            : [];
}
