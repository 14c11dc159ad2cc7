namespace StatusHub.Tests.PublicApi;

/// <summary>
/// Every v2 endpoint against a recorded Statuspage answer (see Recorded/README.md): the same keys, nesting and kinds
/// of value at every level, so a client written for Statuspage reads StatusHub's answer unchanged.
/// </summary>
public class StatuspageV2ShapeTests(SeededStatusHub site) : IClassFixture<SeededStatusHub>
{
    private static readonly string Recordings = Path.Combine(RepositoryRoot.Path, "tests", "StatusHub.Tests", "PublicApi", "Recorded");

    private static readonly IReadOnlyList<JsonShape> AllRecordings =
        [.. Directory.GetFiles(Recordings, "*.json").Select(file => JsonShape.Of(File.ReadAllText(file)))];

    public static TheoryData<string, string> Endpoints => new()
    {
        { "/api/v2/summary.json", "summary.json" },
        { "/api/v2/status.json", "status.json" },
        { "/api/v2/components.json", "components.json" },
        { "/api/v2/incidents.json", "incidents.json" },
        { "/api/v2/incidents/unresolved.json", "incidents-unresolved.json" },
        { "/api/v2/scheduled-maintenances.json", "scheduled-maintenances.json" },
        { "/api/v2/scheduled-maintenances/upcoming.json", "scheduled-maintenances-upcoming.json" },
        { "/api/v2/scheduled-maintenances/active.json", "scheduled-maintenances-active.json" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnswersWithTheShapeStatuspageAnswersWith(string endpoint, string recording)
    {
        using var client = site.Factory.CreateClient();

        var json = await client.GetStringAsync(endpoint, TestContext.Current.CancellationToken);

        var recorded = JsonShape.Of(await File.ReadAllTextAsync(Path.Combine(Recordings, recording), TestContext.Current.CancellationToken));
        var differences = recorded.Differences(JsonShape.Of(json), AllRecordings);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, ["StatusHub's answer differs from Statuspage's:", .. differences]));
    }

    [Fact]
    public void ATestAgainstARecordingCanFail()
    {
        var recorded = JsonShape.Of("""{"page":{"id":"kctbh9vrtdwd","updated_at":"2024-09-17T08:08:17.044Z"},"components":[{"id":"a","group_id":null}]}""");

        var differences = recorded.Differences(
            JsonShape.Of("""{"page":{"id":"x","updated_at":"2024-09-17T08:08:17Z","extra":1},"components":[]}"""),
            [recorded]);

        Assert.Equal(
            [
                "$.page.extra is not in Statuspage's answer",
                "$.components[] is in Statuspage's answer but never in StatusHub's",
                "$.components[].group_id is in Statuspage's answer but never in StatusHub's",
                "$.components[].id is in Statuspage's answer but never in StatusHub's",
                "$.page.updated_at is string in StatusHub's answer; Statuspage sends time",
                "$.page.updated_at is time in Statuspage's answer but never in StatusHub's",
                "$.page has an object with keys [extra,id,updated_at] that Statuspage's answer has not",
                "$.page has an object with keys [id,updated_at] in Statuspage's answer but never in StatusHub's",
            ],
            differences);
    }
}
