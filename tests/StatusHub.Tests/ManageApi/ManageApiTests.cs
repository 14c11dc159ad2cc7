using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.ManageApi;
using StatusHub.Subscribers;
using StatusHub.Tests.Subscribers;
using static StatusHub.Tests.ManageApi.ManageApiCalls;

namespace StatusHub.Tests.ManageApi;

/// <summary>The management API over real HTTP on the test server, with keys made as an admin makes them.</summary>
public sealed class ManageApiTests : IAsyncDisposable
{
    private const string Gateway = "+15550100";
    private readonly StatusHubApp _factory = new();

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task AnswersCarryingSubscribersAddressesAreNeverKeptByABrowserOrProxy()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        app.Services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Email, "kept-private@example.org", true, null, "staff@example.net");
        using var client = Client(app, ApiKeyScope.Read);

        foreach (var path in new[] { "/api/manage/v1/subscribers", $"/api/manage/v1/subscribers/{Subscriber.KeyFor(ChannelNames.Email, "kept-private@example.org")}", "/api/manage/v1/subscribers/unknown", "/api/manage/v1/drafts" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} ({(int)response.StatusCode}): Cache-Control {response.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task AnswersWithoutAKeyOrWithAnUnknownOrRevokedOneWith401ProblemDetails()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var revoked = keys.Create("old script", ApiKeyScope.Write, "admin@example.com");
        keys.Revoke(revoked.Key.Id, "admin@example.com");
        using var client = app.CreateClient();

        foreach (var key in new[] { null, "shk_not-a-key", revoked.Secret })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/manage/v1/components");
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(401, (await Json(response)).GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task AReadKeyReadsButWritingGets403()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Read);

        var list = await client.GetAsync("/api/manage/v1/components", TestContext.Current.CancellationToken);
        var write = await PostAsync(client, "/api/manage/v1/components", """{"component":{"name":"API"}}""");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("write scope", (await Json(write)).GetProperty("detail").GetString());
        Assert.Empty(app.Services.GetRequiredService<StatusHub.StatusComponents.ComponentService>().All());
    }

    [Fact]
    public async Task CreatesAndUpdatesAComponentAnsweringWithThePublicV2Object()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);

        var created = await PostAsync(client, "/api/manage/v1/components", """{"component":{"name":"API","description":"Public REST API","group_id":null,"status":"operational"}}""");
        var id = (await Json(created)).GetProperty("id").GetString()!;
        var patched = await SendAsync(client, HttpMethod.Patch, $"/api/manage/v1/components/{id}", """{"component":{"status":"major_outage"}}""");
        var listed = await client.GetStringAsync("/api/manage/v1/components", TestContext.Current.CancellationToken);
        var publicList = await client.GetStringAsync("/api/v2/components.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/manage/v1/components/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var component = await Json(patched);
        Assert.Equal(("API", "major_outage", "Public REST API"), (component.GetProperty("name").GetString(), component.GetProperty("status").GetString(), component.GetProperty("description").GetString()));
        var fromPublic = JsonDocument.Parse(publicList).RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
        Assert.Equal(fromPublic.GetRawText(), component.GetRawText());
        Assert.Equal(fromPublic.GetRawText(), JsonDocument.Parse(listed).RootElement.EnumerateArray().Single().GetRawText());
    }

    [Fact]
    public async Task OpensUpdatesAndResolvesAnIncidentPublishingThroughTheChannelsLikeTheStaffPages()
    {
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _factory.Time);
        await using var app = _factory.WithSubscriptions(gateway, more: new Dictionary<string, string> { ["Sms:Recipients:0"] = Gateway });
        using var client = Client(app, ApiKeyScope.Write);
        var api = app.Component("API");
        var backfill = _factory.Time.GetUtcNow().AddHours(-2);

        var opened = await PostAsync(client, "/api/manage/v1/incidents", $$$"""
            {"incident":{"name":"API errors","status":"investigating","impact_override":"major","body":"Requests fail.",
             "components":{"{{{api.Id}}}":"major_outage"},"deliver_notifications":true,"backfill_date":"{{{backfill:yyyy-MM-ddTHH:mm:ss.fffZ}}}"}}
            """);
        var incident = await Json(opened);
        var id = incident.GetProperty("id").GetString()!;
        await gateway.WaitUntilAsync(r => r.Count == 1, TimeSpan.FromSeconds(15));
        var resolved = await SendAsync(client, HttpMethod.Patch, $"/api/manage/v1/incidents/{id}", """{"incident":{"status":"resolved","body":"Fixed."}}""");
        await gateway.WaitUntilAsync(r => r.Count == 2, TimeSpan.FromSeconds(15));
        var fromPublic = await client.GetStringAsync("/api/v2/incidents.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal(("major", "investigating"), (incident.GetProperty("impact").GetString(), incident.GetProperty("status").GetString()));
        Assert.Equal(backfill.UtcDateTime, incident.GetProperty("incident_updates")[0].GetProperty("display_at").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(["major_outage"], incident.GetProperty("incident_updates")[0].GetProperty("affected_components").EnumerateArray().Select(c => c.GetProperty("new_status").GetString()));
        var final = await Json(resolved);
        Assert.Equal("resolved", final.GetProperty("status").GetString());
        Assert.Equal(final.GetRawText(), JsonDocument.Parse(fromPublic).RootElement.GetProperty("incidents")[0].GetRawText());
        Assert.Contains("API errors (Investigating)", gateway.TextsTo(Gateway).First(), StringComparison.Ordinal);
        Assert.Contains("Resolved", gateway.TextsTo(Gateway).Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParallelUpdatesToOneIncidentAreAllAppliedRatherThanRefusedAsConflicts()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);
        var opened = await Json(await PostAsync(client, "/api/manage/v1/incidents", """{"incident":{"name":"Mail delayed","body":"Looking.","deliver_notifications":false}}"""));
        var id = opened.GetProperty("id").GetString()!;

        var answers = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => SendAsync(client, HttpMethod.Patch, $"/api/manage/v1/incidents/{id}",
            $$$"""{"incident":{"status":"identified","body":"From automation {{{i}}}.","deliver_notifications":false}}""")));
        var final = await Json(await client.GetAsync($"/api/manage/v1/incidents/{id}", TestContext.Current.CancellationToken));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        var bodies = final.GetProperty("incident_updates").EnumerateArray().Select(u => u.GetProperty("body").GetString()).ToList();
        Assert.Equal(7, bodies.Count);
        Assert.All(Enumerable.Range(1, 6), i => Assert.Contains($"From automation {i}.", bodies));
    }

    [Fact]
    public async Task AnIncidentWithDeliverNotificationsFalseReachesNoChannel()
    {
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _factory.Time);
        await using var app = _factory.WithSubscriptions(gateway, more: new Dictionary<string, string> { ["Sms:Recipients:0"] = Gateway });
        using var client = Client(app, ApiKeyScope.Write);

        var opened = await PostAsync(client, "/api/manage/v1/incidents", """{"incident":{"name":"Quiet fix","body":"Done quietly.","deliver_notifications":false}}""");
        var quiet = await PostAsync(client, "/api/manage/v1/incidents", """{"incident":{"name":"Loud","body":"Told.","deliver_notifications":true}}""");
        await gateway.WaitUntilAsync(r => r.Count >= 1, TimeSpan.FromSeconds(15));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (opened.StatusCode, quiet.StatusCode));
        Assert.Single(gateway.Received);
        Assert.Contains("Loud", gateway.TextsTo(Gateway).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchedulesEditsAndCancelsMaintenance()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);
        var db = app.Component("Database");
        var start = _factory.Time.GetUtcNow().AddDays(1);

        var scheduled = await PostAsync(client, "/api/manage/v1/maintenances", $$$"""
            {"maintenance":{"name":"Database upgrade","scheduled_for":"{{{start:O}}}","scheduled_until":"{{{start.AddHours(2):O}}}","body":"Read-only for two hours.","component_ids":["{{{db.Id}}}"]}}
            """);
        var id = (await Json(scheduled)).GetProperty("id").GetString()!;
        var moved = await SendAsync(client, HttpMethod.Patch, $"/api/manage/v1/maintenances/{id}", $$$"""{"maintenance":{"scheduled_until":"{{{start.AddHours(3):O}}}"}}""");
        var upcoming = await client.GetStringAsync("/api/v2/scheduled-maintenances/upcoming.json", TestContext.Current.CancellationToken);
        var cancelled = await client.DeleteAsync($"/api/manage/v1/maintenances/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var window = await Json(moved);
        Assert.Equal("scheduled", window.GetProperty("status").GetString());
        Assert.Equal(start.AddHours(3).UtcDateTime, window.GetProperty("scheduled_until").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(window.GetRawText(), JsonDocument.Parse(upcoming).RootElement.GetProperty("scheduled_maintenances")[0].GetRawText());
        Assert.Equal("cancelled", (await Json(cancelled)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task SetsTheMaintenanceReminderAsStatuspagesScheduledRemindPriorWithALeadTimeAndLeavesThePublicObjectAsStatuspagesIs()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);
        var db = app.Component("Database");
        var start = _factory.Time.GetUtcNow().AddDays(1);
        string Body(string reminder) => $$$"""
            {"maintenance":{"name":"Database upgrade","scheduled_for":"{{{start:O}}}","scheduled_until":"{{{start.AddHours(2):O}}}","component_ids":["{{{db.Id}}}"]{{{reminder}}}}}
            """;

        var byDefault = await Json(await PostAsync(client, "/api/manage/v1/maintenances", Body("")));
        var early = await Json(await PostAsync(client, "/api/manage/v1/maintenances", Body(",\"scheduled_remind_prior_minutes\":1440")));
        var quiet = await Json(await PostAsync(client, "/api/manage/v1/maintenances", Body(",\"scheduled_remind_prior\":false")));
        var tooEarly = await PostAsync(client, "/api/manage/v1/maintenances", Body(",\"scheduled_remind_prior_minutes\":100000"));
        var contradicting = await PostAsync(client, "/api/manage/v1/maintenances", Body(",\"scheduled_remind_prior\":false,\"scheduled_remind_prior_minutes\":30"));
        var id = quiet.GetProperty("id").GetString()!;
        await SendAsync(client, HttpMethod.Patch, $"/api/manage/v1/maintenances/{id}", """{"maintenance":{"name":"Database upgrade, part one"}}""");
        var stillQuiet = app.Services.GetRequiredService<StatusHub.Maintenance.MaintenanceService>().Get(id);
        await SendAsync(client, HttpMethod.Patch, $"/api/manage/v1/maintenances/{id}", """{"maintenance":{"scheduled_remind_prior":true}}""");

        var maintenance = app.Services.GetRequiredService<StatusHub.Maintenance.MaintenanceService>();
        Assert.Equal(60, maintenance.Get(byDefault.GetProperty("id").GetString()!).RemindMinutesBefore);
        Assert.Equal(1440, maintenance.Get(early.GetProperty("id").GetString()!).RemindMinutesBefore);
        Assert.Equal(0, stillQuiet.RemindMinutesBefore);
        Assert.Equal(60, maintenance.Get(id).RemindMinutesBefore);
        Assert.Equal(422, (int)tooEarly.StatusCode);
        Assert.Contains("scheduled_remind_prior_minutes", (await Json(tooEarly)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(422, (int)contradicting.StatusCode);
        Assert.False(byDefault.TryGetProperty("scheduled_remind_prior", out _));
        Assert.False(byDefault.TryGetProperty("reminder_intervals", out _));
    }

    [Fact]
    public async Task AddsListsAndRemovesSubscribers()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);
        var api = app.Component("API");

        var added = await PostAsync(client, "/api/manage/v1/subscribers", $$$"""{"subscriber":{"email":"Ann@Example.com","component_ids":["{{{api.Id}}}"],"skip_confirmation_notification":true,"language":"de-AT"}}""");
        var again = await PostAsync(client, "/api/manage/v1/subscribers", """{"subscriber":{"email":"ann@example.com","skip_confirmation_notification":true}}""");
        var listed = await client.GetStringAsync("/api/manage/v1/subscribers?type=email&state=active", TestContext.Current.CancellationToken);
        var removed = await client.DeleteAsync("/api/manage/v1/subscribers/email%3Aann%40example.com", TestContext.Current.CancellationToken);
        var removedAgain = await client.DeleteAsync("/api/manage/v1/subscribers/email%3Aann%40example.com", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var subscriber = await Json(added);
        Assert.Equal(("email:ann@example.com", "email", "ann@example.com", "active", false),
            (subscriber.GetProperty("id").GetString(), subscriber.GetProperty("mode").GetString(), subscriber.GetProperty("email").GetString(),
             subscriber.GetProperty("state").GetString(), subscriber.GetProperty("all_components").GetBoolean()));
        Assert.Equal([api.Id], subscriber.GetProperty("components").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("de", subscriber.GetProperty("language").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(["ann@example.com"], JsonDocument.Parse(listed).RootElement.EnumerateArray().Select(s => s.GetProperty("email").GetString()));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (removed.StatusCode, removedAgain.StatusCode));
        Assert.Null(app.Services.GetRequiredService<SubscriberService>().Find("email:ann@example.com"));
    }

    [Fact]
    public async Task ShowsASubscriberWhoseDeliveriesAreRefusedAsFailingAloneAsInTheList()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Read);
        app.Services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Email, "bob@example.com", true, null, "staff@example.com");
        app.Services.GetRequiredService<StatusHub.Storage.LiteStore>().Collection<FailingTarget>().Insert(
            new FailingTarget { Id = FailingTarget.KeyFor(ChannelNames.Email, "bob@example.com"), Channel = ChannelNames.Email, Target = "bob@example.com" });

        var alone = await Json(await client.GetAsync("/api/manage/v1/subscribers/email%3Abob%40example.com", TestContext.Current.CancellationToken));
        var listed = JsonDocument.Parse(await client.GetStringAsync("/api/manage/v1/subscribers", TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal("failing", alone.GetProperty("state").GetString());
        Assert.Equal("failing", listed.EnumerateArray().Single().GetProperty("state").GetString());
    }

    [Fact]
    public async Task AWebhookSubscriberAddedWithoutSkippingIsVerifiedFirst()
    {
        await using var receiver = await HttpReceiver.StartAsync(SubscriptionApp.WebhookSecret, _factory.Time);
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);
        var url = receiver.UrlFor("/hook").ToString();

        var added = await PostAsync(client, "/api/manage/v1/subscribers", $$$"""{"subscriber":{"endpoint":"{{{url}}}"}}""");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("active", (await Json(added)).GetProperty("state").GetString());
        Assert.Equal("verification", receiver.Received.Single().Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnSmsSubscriberToConfirmIsRefusedWhileSmsIsOffAndNothingIsSaved()
    {
        using var client = Client(_factory, ApiKeyScope.Write);

        var response = await PostAsync(client, "/api/manage/v1/subscribers", """{"subscriber":{"phone_number":"+44 7700 900123"}}""");

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Contains("The SMS channel is off, so no code can be sent", (await Json(response)).GetProperty("detail").GetString());
        Assert.Null(_factory.Services.GetRequiredService<SubscriberService>().Find(ChannelNames.Sms, "+447700900123"));
    }

    [Theory]
    [InlineData("/api/manage/v1/components", "{\"component\":{\"name\":", 400, "not valid JSON")]
    [InlineData("/api/manage/v1/components", "{\"component\":{\"name\":5}}", 400, "component.name must be a string")]
    [InlineData("/api/manage/v1/components", "{\"name\":\"API\"}", 400, "{\"component\":{…}}")]
    [InlineData("/api/manage/v1/components", "{\"component\":{\"name\":\"API\",\"status\":\"down\"}}", 422, "not 'down'")]
    [InlineData("/api/manage/v1/components", "{\"component\":{\"name\":\"\"}}", 422, "name")]
    [InlineData("/api/manage/v1/incidents", "{\"incident\":{\"name\":\"x\",\"body\":\"y\",\"impact_override\":\"huge\"}}", 422, "impact_override")]
    [InlineData("/api/manage/v1/incidents", "{\"incident\":{\"name\":\"x\",\"body\":\"y\",\"components\":{\"nope\":\"major_outage\"}}}", 422, "nope")]
    [InlineData("/api/manage/v1/maintenances", "{\"maintenance\":{\"name\":\"x\"}}", 422, "scheduled_for is required")]
    [InlineData("/api/manage/v1/subscribers", "{\"subscriber\":{\"email\":\"a@example.com\",\"phone_number\":\"+15550100\"}}", 422, "exactly one of")]
    [InlineData("/api/manage/v1/subscribers", "{\"subscriber\":{\"email\":\"not an address\"}}", 422, "email")]
    [InlineData("/api/manage/v1/subscribers", "{\"subscriber\":{\"email\":\"a@example.com\",\"language\":\"tlh\"}}", 422, "subscriber.language must be one of en, de, fr, es")]
    public async Task RefusesBadBodiesWithProblemDetailsSayingWhat(string path, string body, int status, string detail)
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);

        var response = await PostAsync(client, path, body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (await Json(response)).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RefusesAnOversizedOrNonJsonBody()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = Client(app, ApiKeyScope.Write);

        var huge = await PostAsync(client, "/api/manage/v1/components", $$$"""{"component":{"name":"{{{new string('x', ManageBodyReader.MaxBodyBytes)}}}"}}""");
        var form = await client.PostAsync("/api/manage/v1/components", new StringContent("name=API", Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType), (huge.StatusCode, form.StatusCode));
    }

    [Fact]
    public async Task ServesAnOpenApiDocumentOfTheManagementApiOnly()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement;

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/manage/v1/incidents", paths);
        Assert.Contains("/api/manage/v1/subscribers/{id}", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/manage/v1/", p, StringComparison.Ordinal));
        Assert.Equal("StatusHub management API", document.GetProperty("info").GetProperty("title").GetString());
        var create = document.GetProperty("paths").GetProperty("/api/manage/v1/incidents").GetProperty("post");
        Assert.True(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task TheOpenApiDocumentNamesFieldsAsTheApiReadsAndWritesThemAndAsksForNoBodyFieldItDoesNotNeed()
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null);
        using var client = app.CreateClient();

        var text = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        var body = JsonDocument.Parse(text).RootElement.GetProperty("paths").GetProperty("/api/manage/v1/incidents").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var incident = body.GetProperty("properties").GetProperty("incident");
        Assert.Equal(
            ["backfill_date", "body", "components", "deliver_notifications", "impact_override", "name", "status", "template_id"],
            incident.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.False(body.TryGetProperty("required", out _));
        Assert.False(incident.TryGetProperty("required", out _));
        // Answers are the public v2 objects, snake_case as well.
        Assert.Contains("\"incident_updates\"", text);
        Assert.DoesNotContain("\"incidentUpdates\"", text);
        Assert.DoesNotContain("\"impactOverride\"", text);
        Assert.Contains("\"affected_components\"", text);
        Assert.DoesNotContain("\"incidentId\"", text);
    }
}
