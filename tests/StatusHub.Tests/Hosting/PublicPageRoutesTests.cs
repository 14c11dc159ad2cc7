using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Hosting;

public class PublicPageRoutesTests : IClassFixture<StatusHubApp>
{
    private const string Author = "tester@example.com";
    private readonly StatusHubApp _factory;

    public PublicPageRoutesTests(StatusHubApp factory) => _factory = factory;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswersNotModifiedOnEveryPublicPage()
    {
        var (incidentId, maintenanceId) = Seed();
        using var client = _factory.CreateClient();

        foreach (var path in new[] { "/", $"/incidents/{incidentId}", $"/maintenance/{maintenanceId}", "/history", "/history?page=1" })
        {
            using var first = await client.GetAsync(path, Cancel);
            Assert.True(first.StatusCode == HttpStatusCode.OK, $"{path} answered {first.StatusCode}");
            Assert.True(first.Headers.CacheControl?.Public, path);
            Assert.False(first.Headers.Contains("Set-Cookie"), path);
            Assert.NotNull(first.Headers.ETag);

            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            using var second = await client.SendAsync(request, Cancel);
            Assert.True(second.StatusCode == HttpStatusCode.NotModified, $"{path} answered {second.StatusCode} to a matching If-None-Match");
        }
    }

    [Fact]
    public async Task AnswersAPathAgainWithTheSameBytesAndHeadersUntilTheContentChanges()
    {
        var (incidentId, _) = Seed();
        using var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var path in new[] { "/", $"/incidents/{incidentId}", "/history", "/api/v2/summary.json", "/badge.svg" })
        {
            foreach (var encoding in new[] { "gzip", "br", "identity" })
            {
                var (firstHeaders, firstBody) = await GetAsync(client, HttpMethod.Get, path, encoding);
                var (againHeaders, againBody) = await GetAsync(client, HttpMethod.Get, path, encoding);
                var (headHeaders, headBody) = await GetAsync(client, HttpMethod.Head, path, encoding);

                Assert.Equal(firstHeaders, againHeaders);
                Assert.Equal(firstBody, againBody);
                Assert.Equal(firstHeaders, headHeaders);
                Assert.Empty(headBody);
            }
        }

        var (before, _) = await GetAsync(client, HttpMethod.Get, "/", "gzip");
        _factory.Services.GetRequiredService<IncidentService>().Open(
            new NewIncident("Logins fail", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Author);
        var home = await client.GetStringAsync("/", Cancel);
        var (after, _) = await GetAsync(client, HttpMethod.Get, "/", "gzip");

        Assert.Contains("Logins fail", home);
        Assert.NotEqual(before.Single(h => h.StartsWith("ETag:", StringComparison.Ordinal)), after.Single(h => h.StartsWith("ETag:", StringComparison.Ordinal)));
    }

    /// <summary>Status, every header but Date (content headers included) as sorted lines, and the bytes on the wire.</summary>
    private static async Task<(List<string> Headers, byte[] Body)> GetAsync(HttpClient client, HttpMethod method, string path, string encoding)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        using var response = await client.SendAsync(request, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} answered {response.StatusCode}");
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key != "Date")
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.Ordinal)
            .ToList();
        return ([$"{(int)response.StatusCode}", .. headers], await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task ServesAMaintenancePage()
    {
        var (_, maintenanceId) = Seed();
        using var client = _factory.CreateClient();

        var html = await client.GetStringAsync($"/maintenance/{maintenanceId}", Cancel);

        Assert.Contains("<h1 id=\"maintenance-title\" class=\"impact-text-maintenance\">Certificate rotation</h1>", html);
        Assert.Contains("<title>Certificate rotation · StatusHub status</title>", html);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task AnswersBadRequestForAHistoryPageThatIsNotANumber(string page)
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync($"/history?page={Uri.EscapeDataString(page)}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("History pages are numbered 1, 2, 3", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Theory]
    [InlineData("500")]
    [InlineData("99999999999999999999999")]
    public async Task AnswersNotFoundWithAWayBackFarPastTheEnd(string page)
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync($"/history?page={page}", Cancel);
        using var first = await client.GetAsync("/history?page=1", Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("There is no history this far back.", html);
        Assert.Contains("<a href=\"/history\">Latest</a>", html);
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownMaintenance()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/maintenance/doesnotexist", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("\"{0}\"")]
    [InlineData("W/\"{0}\"")]
    [InlineData("\"other\", W/\"{0}\"")]
    public async Task TheLiveVersionIsNotSentAgainToAReaderThatHasItWhateverAProxyMadeOfItsTag(string ifNoneMatch)
    {
        using var client = _factory.CreateClient();
        using var first = await client.GetAsync("/status/live.json", Cancel);
        var etag = first.Headers.ETag!.Tag.Trim('"');

        using var again = new HttpRequestMessage(HttpMethod.Get, "/status/live.json");
        again.Headers.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, ifNoneMatch, etag));
        using var answer = await client.SendAsync(again, Cancel);

        Assert.Equal(HttpStatusCode.NotModified, answer.StatusCode);
    }

    [Fact]
    public async Task TellsOpenPagesWhichVersionTheyShow()
    {
        using var client = _factory.CreateClient();

        var html = await client.GetStringAsync("/history", Cancel);
        var live = await client.GetFromJsonAsync<LiveStatus>("/status/live.json", Cancel);

        Assert.Contains($"<main id=\"main\" class=\"container\" data-version=\"{live!.Version}\">", html);
        Assert.Contains("<script src=\"/js/status.js\" defer></script>", html);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task ServesPagesCompressedToReadersWhoAcceptIt(string encoding)
    {
        _factory.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("Webmail", null, null), Author);
        using var client = _factory.CreateClient();
        var plain = await client.GetByteArrayAsync("/", Cancel);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.ParseAdd($"{encoding}, identity;q=0.5");
        using var response = await client.SendAsync(request, Cancel);
        await using var body = await response.Content.ReadAsStreamAsync(Cancel);
        await using Stream decompressor = encoding == "br" ? new BrotliStream(body, CompressionMode.Decompress) : new GZipStream(body, CompressionMode.Decompress);
        using var decompressed = new MemoryStream();
        await decompressor.CopyToAsync(decompressed, Cancel);

        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal(plain, decompressed.ToArray());
        Assert.True(response.Content.Headers.ContentLength < plain.Length / 4, $"{response.Content.Headers.ContentLength} compressed bytes for {plain.Length}");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.AcceptEncoding.ParseAdd(encoding);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await client.SendAsync(again, Cancel);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    private sealed record LiveStatus([property: System.Text.Json.Serialization.JsonPropertyName("version")] string Version);

    private (string IncidentId, string MaintenanceId) Seed()
    {
        var components = _factory.Services.GetRequiredService<ComponentService>();
        var api = components.Create(new ComponentDraft("Public API", null, null), Author);
        var incident = _factory.Services.GetRequiredService<IncidentService>().Open(
            new NewIncident("Elevated API errors", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.", null,
                new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.PartialOutage })),
            Author);
        var now = _factory.Time.GetUtcNow().UtcDateTime;
        var maintenance = _factory.Services.GetRequiredService<MaintenanceService>().Schedule(
            new MaintenanceDraft("Certificate rotation", "Brief reconnects.", now.AddDays(1), now.AddDays(1).AddHours(1), [api.Id]), Author);
        return (incident.Id, maintenance.Id);
    }
}
