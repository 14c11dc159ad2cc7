using System.Net;

namespace StatusHub.Tests.StaticExport;

/// <summary>A static host sends none of the app's headers: the copy's pages carry the live pages' policy in a meta element.</summary>
public sealed class ExportedPolicyTests
{
    [Fact]
    public async Task EveryExportedPageCarriesTheLivePublicPolicyBeforeAnythingItLoads()
    {
        await using var app = new ExportApp();
        app.Open("Checkout is down");
        await app.StartAsync();
        await ExportApp.UntilAsync(() => app.Generation == "site.gen-1", "the first copy is in place");
        using var client = app.App.CreateClient();
        using var live = await client.GetAsync("/", TestContext.Current.CancellationToken);
        var policy = string.Join(",", live.Headers.GetValues("Content-Security-Policy"));

        var pages = Directory.GetFiles(app.Site, "*.html", SearchOption.AllDirectories);

        Assert.True(pages.Length >= 4, $"only {pages.Length} pages exported");
        Assert.DoesNotContain("frame-ancestors", policy);
        foreach (var page in pages)
        {
            var html = WebUtility.HtmlDecode(File.ReadAllText(page));
            var meta = html.IndexOf($"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\"", StringComparison.Ordinal);
            Assert.True(meta > 0, $"{Path.GetRelativePath(app.Site, page)} has no meta element with {policy}");
            Assert.True(meta < html.IndexOf("<link", StringComparison.Ordinal), $"{Path.GetRelativePath(app.Site, page)} loads something before its policy");
        }
    }
}
