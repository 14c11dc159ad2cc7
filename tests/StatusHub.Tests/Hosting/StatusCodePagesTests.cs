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
}
