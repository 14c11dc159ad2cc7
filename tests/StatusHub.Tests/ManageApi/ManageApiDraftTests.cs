using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.ManageApi;
using StatusHub.Storage;
using StatusHub.Tests.Alerts;
using StatusHub.Tests.Subscribers.Telegram;
using static StatusHub.Tests.ManageApi.ManageApiCalls;

namespace StatusHub.Tests.ManageApi;

/// <summary>Draft incidents over the management API: read with a read key, published or dismissed once with a write key, audited under the key.</summary>
public sealed class ManageApiDraftTests
{
    private const string Path = "/api/manage/v1/drafts";

    private static async Task<IncidentSuggestion> FireAsync(TelegramBotApp bot)
    {
        using var response = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The announcer saves the draft once the staff chat has it: read it after that.
        await bot.StaffMessagesAsync(1);
        return Assert.Single(bot.Suggestions().Drafts());
    }

    [Fact]
    public async Task AReadKeyListsOpenDraftsAndReadsOneButCannotDecide()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var draft = await FireAsync(bot);
        using var client = Client(bot.App, ApiKeyScope.Read);

        var list = await Json(await client.GetAsync(Path, TestContext.Current.CancellationToken));
        var one = await Json(await client.GetAsync($"{Path}/{draft.Id}", TestContext.Current.CancellationToken));
        using var publish = await PostAsync(client, $"{Path}/{draft.Id}/publish", "{}");

        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal((draft.Id, "draft", "alertmanager", draft.Title, "major"),
            (listed.GetProperty("id").GetString(), listed.GetProperty("state").GetString(), listed.GetProperty("source").GetString(), listed.GetProperty("title").GetString(), listed.GetProperty("impact").GetString()));
        Assert.Equal(draft.ComponentIds, listed.GetProperty("components").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(draft.FirstUpdate, one.GetProperty("first_update").GetString());
        Assert.Equal(draft.Version, one.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        await ProblemAsync(await client.GetAsync($"{Path}/{Ids.New()}", TestContext.Current.CancellationToken), 404);
        Assert.True(bot.Suggestions().Get(draft.Id).IsDraft);
    }

    [Fact]
    public async Task TheDraftListIsPagedTwentyFiveAtATimeNewestFirst()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var made = new List<string>();
        for (var i = 0; i < IncidentSuggestions.PageSize + 5; i++)
        {
            made.Add(bot.Suggestions().Suggest("alertmanager", $"alertmanager:fp{i}", [], IncidentImpact.Minor, $"Queue {i} slow", "Looking into it.", "").Id);
            bot.Time.Advance(TimeSpan.FromSeconds(1));
        }

        using var client = Client(bot.App, ApiKeyScope.Read);

        var first = await Json(await client.GetAsync(Path, TestContext.Current.CancellationToken));
        var second = await Json(await client.GetAsync($"{Path}?page=2", TestContext.Current.CancellationToken));
        var listed = first.EnumerateArray().Concat(second.EnumerateArray()).Select(d => d.GetProperty("id").GetString()).ToList();

        Assert.Equal((IncidentSuggestions.PageSize, 5), (first.GetArrayLength(), second.GetArrayLength()));
        Assert.Equal(made.AsEnumerable().Reverse(), listed);
        await ProblemAsync(await client.GetAsync($"{Path}?page=0", TestContext.Current.CancellationToken), 400);
    }

    [Fact]
    public async Task PublishOpensTheIncidentOnceAuditedUnderTheKeyAndASecondDecisionIsAConflict()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var draft = await FireAsync(bot);
        using var client = Client(bot.App, ApiKeyScope.Write);

        using var published = await PostAsync(client, $"{Path}/{draft.Id}/publish", $$$"""{"draft":{"name":"Outbound mail is delayed","version":{{{draft.Version}}}}}""");
        using var again = await PostAsync(client, $"{Path}/{draft.Id}/publish", "{}");
        using var dismiss = await SendAsync(client, HttpMethod.Post, $"{Path}/{draft.Id}/dismiss", null);

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var answer = await Json(published);
        Assert.Equal("published", answer.GetProperty("state").GetString());
        Assert.Equal("api key Write test key", answer.GetProperty("decided_by").GetString());
        var incident = Assert.Single(bot.App.Services.GetRequiredService<IncidentService>().Recent());
        Assert.Equal((incident.Id, "Outbound mail is delayed"), (answer.GetProperty("incident_id").GetString(), incident.Title));
        Assert.Contains("published already by api key Write test key", await ProblemAsync(again, 409));
        await ProblemAsync(dismiss, 409);
        Assert.Empty((await Json(await client.GetAsync(Path, TestContext.Current.CancellationToken))).EnumerateArray());
        var audit = bot.App.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().FindAll().ToList();
        Assert.Single(audit, e => e.Action == "incident.draft_published" && e.Actor == "api key Write test key");
        Assert.Single(audit, e => e.Action == "incident.opened" && e.Actor == "api key Write test key");
        Assert.Single(await sink.WaitForAsync(1));
    }

    [Fact]
    public async Task ADecisionFromAnOlderVersionIsAConflictAndDismissKeepsEverythingPrivate()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var draft = await FireAsync(bot);
        var seen = draft.Version;
        await FireAsync(bot);
        using var client = Client(bot.App, ApiKeyScope.Write);

        using var stale = await PostAsync(client, $"{Path}/{draft.Id}/publish", $$$"""{"draft":{"version":{{{seen}}}}}""");
        using var dismissed = await PostAsync(client, $"{Path}/{draft.Id}/dismiss", $$$"""{"draft":{"version":{{{bot.Suggestions().Get(draft.Id).Version}}}}}""");

        Assert.Contains("changed by someone else", await ProblemAsync(stale, 409));
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Equal(("dismissed", "api key Write test key"), ((await Json(dismissed)).GetProperty("state").GetString(), bot.Suggestions().Get(draft.Id).DecidedBy));
        Assert.Empty(bot.App.Services.GetRequiredService<IncidentService>().Recent());
        Assert.Single(bot.App.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().FindAll(), e => e.Action == "incident.draft_dismissed" && e.Actor == "api key Write test key");
    }

    [Fact]
    public async Task AnIncidentsMonitoringListsTheAlertsOnItWithTheirNotesAndTheResolveSuggestion()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var draft = await FireAsync(bot);
        var incident = bot.Suggestions().Publish(draft.Id, "oncall@example.com");
        bot.Suggestions().SuggestResolve(draft.Source, draft.Fingerprints[0]);
        using var client = Client(bot.App, ApiKeyScope.Read);

        var said = Assert.Single((await Json(await client.GetAsync($"/api/manage/v1/incidents/{incident.Id}/monitoring", TestContext.Current.CancellationToken))).EnumerateArray());

        Assert.Equal(("published", incident.Id), (said.GetProperty("state").GetString(), said.GetProperty("incident_id").GetString()));
        Assert.Equal(JsonValueKind.String, said.GetProperty("resolve_suggested_at").ValueKind);
        var note = said.GetProperty("notes").EnumerateArray().Last();
        Assert.Equal(("alertmanager", $"{draft.Fingerprints[0]} resolved"), (note.GetProperty("source").GetString(), note.GetProperty("text").GetString()));
        Assert.EndsWith("Z", note.GetProperty("at").GetString());
        await ProblemAsync(await client.GetAsync($"/api/manage/v1/incidents/{Ids.New()}/monitoring", TestContext.Current.CancellationToken), 404);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheDraftEndpoints()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var app = bot;
        await using var mail = sink;
        using var client = Client(bot.App, ApiKeyScope.Read);

        var paths = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement.GetProperty("paths");

        Assert.True(paths.GetProperty(Path).TryGetProperty("get", out _));
        Assert.True(paths.GetProperty($"{Path}/{{id}}").TryGetProperty("get", out _));
        var publish = paths.GetProperty($"{Path}/{{id}}/publish").GetProperty("post");
        Assert.Equal(
            ["body", "deliver_notifications", "name", "version"],
            publish.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema")
                .GetProperty("properties").GetProperty("draft").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(paths.GetProperty($"{Path}/{{id}}/dismiss").TryGetProperty("post", out _));
    }
}
