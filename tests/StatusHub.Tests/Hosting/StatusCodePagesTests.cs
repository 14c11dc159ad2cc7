using System.Net;

namespace StatusHub.Tests.Hosting;

/// <summary>Answers without a body of their own get the public "not found" page, except a method the path does not serve.</summary>
public sealed class StatusCodePagesTests : IAsyncDisposable
{
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("PUT", "/contact", "GET, HEAD, POST")]
    [InlineData("DELETE", "/subscribe", "GET, HEAD, POST")]
    [InlineData("POST", "/history", "GET, HEAD")]
    public async Task AMethodThePathDoesNotServeIsRefusedNamingTheOnesItDoes(string method, string path, string allowed)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("") }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task AnUnknownPathGetsTheNotFoundPage()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/no-such-page", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("POST", "/api/alerts/foo", HttpStatusCode.NotFound, "", "There is no alert receiver \"foo\": use /api/alerts/alertmanager, /api/alerts/grafana, /api/alerts/generic.")]
    [InlineData("GET", "/api/alerts/alertmanager", HttpStatusCode.MethodNotAllowed, "POST", "GET is not served at /api/alerts/alertmanager; use POST.")]
    [InlineData("GET", "/api/v2/no-such.json", HttpStatusCode.NotFound, "", "There is no endpoint at /api/v2/no-such.json.")]
    [InlineData("DELETE", "/api/v2/summary.json", HttpStatusCode.MethodNotAllowed, "GET, HEAD, OPTIONS", "DELETE is not served at /api/v2/summary.json; use GET or HEAD or OPTIONS.")]
    public async Task AnApiPathOrMethodThatLeadsNowhereIsAProblemNotThePage(string method, string path, HttpStatusCode status, string allowed, string detail)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") }, TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow.Order(StringComparer.Ordinal)));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(detail, problem.RootElement.GetProperty("detail").GetString());
    }
}
