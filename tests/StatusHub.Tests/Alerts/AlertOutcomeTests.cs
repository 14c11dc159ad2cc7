using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Alerts;
using StatusHub.Incidents.Suggestions;

namespace StatusHub.Tests.Alerts;

/// <summary>No alert vanishes behind a 200: each one either reaches staff as a draft or is refused where the sender and staff see it.</summary>
public sealed class AlertOutcomeTests
{
    private static string Alertmanager(string alerts) => $$"""{"version":"4","status":"firing","alerts":[{{alerts}}]}""";

    private static string Firing(string fingerprint, string name = "SmtpQueueGrowing", string summary = "Outbound mail queue is growing", string service = "smtp") =>
        JsonSerializer.Serialize(new { status = "firing", fingerprint, labels = new { alertname = name, service }, annotations = new { summary } });

    private static async Task<JsonElement> AnswerAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return answer.RootElement.Clone();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u202E")]
    public async Task ASummaryThatShowsNothingTitlesTheDraftWithTheAlertName(string summary)
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostAsync("alertmanager", Alertmanager(Firing("blank1", summary: summary)));

        Assert.Equal("opened a draft", (await AnswerAsync(response)).GetProperty("outcomes")[0].GetProperty("outcome").GetString());
        Assert.Equal("SmtpQueueGrowing", Assert.Single(bot.Suggestions().Drafts()).Title);
    }

    [Fact]
    public async Task ASummaryWithATextDirectionOverrideStillOpensADraftTitledWithoutIt()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostAsync("alertmanager", Alertmanager(Firing("rtl1", summary: "Mail \u202Equeue")));

        Assert.Equal("opened a draft", (await AnswerAsync(response)).GetProperty("outcomes")[0].GetProperty("outcome").GetString());
        Assert.Equal("Mail queue", Assert.Single(bot.Suggestions().Drafts()).Title);
    }

    [Theory]
    [InlineData(187)]
    [InlineData(188)]
    [InlineData(200)]
    public async Task AFingerprintUpToTheReceiversLimitOpensADraftAndItsResolveFindsIt(int length)
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var fingerprint = new string('f', length);

        using (var firing = await bot.PostAsync("alertmanager", Alertmanager(Firing(fingerprint))))
        {
            Assert.Equal("opened a draft", (await AnswerAsync(firing)).GetProperty("outcomes")[0].GetProperty("outcome").GetString());
        }

        using var resolved = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager("resolved", fingerprint));

        Assert.Equal("resolve suggested", (await AnswerAsync(resolved)).GetProperty("outcomes")[0].GetProperty("outcome").GetString());
        Assert.NotNull(Assert.Single(bot.Suggestions().Drafts()).ResolveSuggestedAt);
    }

    [Fact]
    public async Task ARuleNamingAComponentThatDoesNotExistStillOpensADraftAndSaysWhatIsMissing()
    {
        var (bot, sink) = await AlertsRig.StartAsync(
            ("Alerts:Rules:3:Match:service", "backup"),
            ("Alerts:Rules:3:Components:0", "Nope"),
            ("Alerts:Rules:3:Components:1", "API"),
            ("Alerts:Rules:3:Impact", "major"));
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostAsync("alertmanager", Alertmanager(Firing("b1", "BackupLate", "Backup is late", "backup")));

        var outcome = (await AnswerAsync(response)).GetProperty("outcomes")[0];
        Assert.Equal("opened a draft, but the rule names no component \"Nope\"", outcome.GetProperty("outcome").GetString());
        Assert.Equal(3, outcome.GetProperty("rule").GetInt32());
        var draft = Assert.Single(bot.Suggestions().Drafts());
        Assert.Equal(["API"], draft.ComponentIds.Select(id => bot.App.Services.GetRequiredService<StatusHub.StatusComponents.ComponentService>().Get(id).Name));
        Assert.Equal(["rule 3 names no component \"Nope\""], bot.App.Services.GetRequiredService<AlertIntake>().RuleProblems());
    }

    [Fact]
    public async Task AnAlertWithATextDirectionOverrideInItsNameIsRefusedAloneAndTheRestOfItsGroupIsTaken()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostAsync("alertmanager", Alertmanager($"{Firing("ok1")},{Firing("bad1", name: "Smtp\u202EQueue")}"));

        var answer = await AnswerAsync(response);
        Assert.Equal((1, 1), (answer.GetProperty("received").GetInt32(), answer.GetProperty("refused").GetInt32()));
        var outcomes = answer.GetProperty("outcomes").EnumerateArray().ToList();
        Assert.Equal("opened a draft", outcomes[0].GetProperty("outcome").GetString());
        Assert.Equal("bad1", outcomes[1].GetProperty("fingerprint").GetString());
        Assert.StartsWith("refused: alerts[1] name", outcomes[1].GetProperty("outcome").GetString());
        Assert.Equal(SuggestionState.Draft, Assert.Single(bot.AllSuggestions()).State);
        Assert.Contains(bot.Received(), r => r.Name == "alerts[1]" && r.Outcome.StartsWith("refused: ", StringComparison.Ordinal));
    }
}
