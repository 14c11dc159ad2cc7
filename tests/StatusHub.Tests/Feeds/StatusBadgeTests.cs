using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Feeds;

public class StatusBadgeTests : IClassFixture<StatusHubApp>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly StatusHubApp _factory;

    public StatusBadgeTests(StatusHubApp factory) => _factory = factory;

    [Theory]
    [InlineData(ComponentStatus.Operational, "Operational", "#1a7f37")]
    [InlineData(ComponentStatus.UnderMaintenance, "Under maintenance", "#0969da")]
    [InlineData(ComponentStatus.DegradedPerformance, "Degraded performance", "#9a6700")]
    [InlineData(ComponentStatus.PartialOutage, "Partial outage", "#bc4c00")]
    [InlineData(ComponentStatus.MajorOutage, "Major outage", "#cf222e")]
    public async Task ShowsAComponentsStatusInWordsAndInThePagesColour(ComponentStatus status, string words, string colour)
    {
        var component = _factory.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft($"Search {status}", null, null), "tester@example.com", status);

        var badge = await LoadAsync($"/components/{component.Id}/badge.svg");

        Assert.Equal([$"Search {status}", words], badge.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Equal(colour, Fill(badge));
        Assert.Equal($"Search {status}: {words}", badge.Root!.Attribute("aria-label")!.Value);
    }

    [Fact]
    public async Task ShowsTheWorstStatusOfAGroup()
    {
        var components = _factory.Services.GetRequiredService<ComponentService>();
        var group = components.CreateGroup("Mail", null, "tester@example.com");
        components.Create(new ComponentDraft("IMAP", null, group.Id), "tester@example.com");
        components.Create(new ComponentDraft("SMTP", null, group.Id), "tester@example.com", ComponentStatus.PartialOutage);

        var badge = await LoadAsync($"/components/{group.Id}/badge.svg");

        Assert.Equal(["Mail", "Partial outage"], badge.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Equal("#bc4c00", Fill(badge));
    }

    [Fact]
    public async Task ShowsThePageStatusLikeTheBanner()
    {
        using var factory = new StatusHubApp();
        var components = factory.Services.GetRequiredService<ComponentService>();
        var calm = await LoadAsync("/badge.svg", factory);
        components.Create(new ComponentDraft("API", null, null), "tester@example.com", ComponentStatus.DegradedPerformance);

        var troubled = await LoadAsync("/badge.svg", factory);

        Assert.Equal(["StatusHub", "All Systems Operational"], calm.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Equal("#1a7f37", Fill(calm));
        Assert.Equal(["StatusHub", "Minor Service Outage"], troubled.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Equal("#9a6700", Fill(troubled));
    }

    [Fact]
    public async Task WritesNamesAsTextNotAsMarkup()
    {
        var component = _factory.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("<script>alert(1)</script> & \"co\"", null, null), "tester@example.com");

        var badge = await LoadAsync($"/components/{component.Id}/badge.svg");

        Assert.Empty(badge.Descendants(Svg + "script"));
        Assert.Equal("<script>alert(1)</script> & \"co\"", badge.Descendants(Svg + "text").First().Value);
    }

    [Fact]
    public async Task MakesRoomForLongerWords()
    {
        var components = _factory.Services.GetRequiredService<ComponentService>();
        var shortName = components.Create(new ComponentDraft("DB", null, null), "tester@example.com");
        var longName = components.Create(new ComponentDraft("Customer-facing billing dashboard", null, null), "tester@example.com");

        var narrow = await LoadAsync($"/components/{shortName.Id}/badge.svg");
        var wide = await LoadAsync($"/components/{longName.Id}/badge.svg");

        Assert.True(Width(wide) > Width(narrow) + 150, $"{Width(wide)} is not wide enough next to {Width(narrow)}");
    }

    private async Task<XDocument> LoadAsync(string path, StatusHubApp? factory = null)
    {
        using var client = (factory ?? _factory).CreateClient();
        return XDocument.Parse(await client.GetStringAsync(path, TestContext.Current.CancellationToken));
    }

    private static string Fill(XDocument badge) =>
        badge.Descendants(Svg + "rect").Single(r => r.Attribute("class")?.Value == "status").Attribute("fill")!.Value;

    private static int Width(XDocument badge) => int.Parse(badge.Root!.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
}
