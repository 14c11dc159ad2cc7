namespace StatusHub.Tests.Hosting;

/// <summary>What the real server (Kestrel, not the test host) adds to every answer on its own.</summary>
public sealed class ServerHeaderTests
{
    [Fact]
    public async Task NoAnswerNamesTheServerSoftware()
    {
        using var data = new TempFolder();
        using var app = StatusHubProcess.Start(data.Path, []);
        await app.WaitUntilServingAsync();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        foreach (var path in new[] { "/", "/api/v2/summary.json", "/css/site.css", "/account/login", "/no-such-page" })
        {
            using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);

            Assert.True(response.Headers.Date.HasValue, $"{path}: an answer from the real server");
            Assert.False(response.Headers.TryGetValues("Server", out var server), $"{path}: Server: {string.Join(", ", server ?? [])}");
        }
    }
}
