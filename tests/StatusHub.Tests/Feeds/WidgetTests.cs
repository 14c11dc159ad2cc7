namespace StatusHub.Tests.Feeds;

/// <summary>The script itself; StatusHub.EndToEnd runs it in Chromium on another site.</summary>
public class WidgetTests : IClassFixture<StatusHubApp>
{
    private readonly StatusHubApp _factory;

    public WidgetTests(StatusHubApp factory) => _factory = factory;

    [Fact]
    public async Task ServesTheScriptFromTheSource()
    {
        using var client = _factory.CreateClient();

        var served = await client.GetByteArrayAsync("/widget.js", TestContext.Current.CancellationToken);

        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot.Path, "src", "StatusHub", "Feeds", "widget.js"), TestContext.Current.CancellationToken), served);
    }

    [Fact]
    public async Task FindsTheStatusNextToItselfAndSetsOnlyText()
    {
        using var client = _factory.CreateClient();

        var script = await client.GetStringAsync("/widget.js", TestContext.Current.CancellationToken);

        Assert.Contains("document.currentScript", script);
        Assert.Contains("new URL('api/v2/summary.json', root)", script);
        Assert.Contains("textContent", script);
        foreach (var markupSink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
        {
            Assert.DoesNotContain(markupSink, script);
        }
    }
}
