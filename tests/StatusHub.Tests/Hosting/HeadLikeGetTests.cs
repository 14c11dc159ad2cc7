using System.Net;

namespace StatusHub.Tests.Hosting;

/// <summary>
/// HEAD gets what GET gets on every route mapped for GET (an uptime monitor, a mail scanner). Kestrel drops the body of
/// an answer to HEAD; the in-memory test server does not, so only the status and headers are compared here.
/// </summary>
public sealed class HeadLikeGetTests : IAsyncDisposable
{
    private readonly StatusHubApp _app = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/status/live.json")]
    [InlineData("/unsubscribe?token=not-a-token")]
    [InlineData("/subscribe/preferences?token=not-a-token")]
    [InlineData("/i/no-such-incident")]
    [InlineData("/api/manage/v1/incidents")]
    public async Task HeadAnswersWithTheStatusAndTypeOfGet(string path)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var get = await client.GetAsync(path, TestContext.Current.CancellationToken);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), TestContext.Current.CancellationToken);

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Headers.CacheControl?.ToString(), head.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task OtherMethodsOnARouteForGetAreStillNotAllowed()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var put = await client.PutAsync("/healthz", new StringContent(""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
    }
}
