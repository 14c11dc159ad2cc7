using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.StatusPage;

/// <summary>How every public file (v2 JSON, feeds, calendar, badges, widget) is answered: one mechanism for all.</summary>
public class PublicResourcesTests : IClassFixture<StatusHubApp>
{
    private readonly StatusHubApp _factory;

    public PublicResourcesTests(StatusHubApp factory) => _factory = factory;

    public static TheoryData<string, string> Files => new()
    {
        { "/api/v2/summary.json", "application/json" },
        { "/api/v2/status.json", "application/json" },
        { "/api/v2/components.json", "application/json" },
        { "/api/v2/incidents.json", "application/json" },
        { "/api/v2/incidents/unresolved.json", "application/json" },
        { "/api/v2/scheduled-maintenances.json", "application/json" },
        { "/api/v2/scheduled-maintenances/upcoming.json", "application/json" },
        { "/api/v2/scheduled-maintenances/active.json", "application/json" },
        { "/history.rss", "application/rss+xml" },
        { "/history.atom", "application/atom+xml" },
        { "/maintenance.ics", "text/calendar" },
        { "/badge.svg", "image/svg+xml" },
        { "/widget.js", "text/javascript" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ServesEachFileWithItsContentTypeOpenToEveryOrigin(string path, string mediaType)
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task AnswersAScriptOnAnotherSiteIncludingItsPreflight()
    {
        using var client = _factory.CreateClient();
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json") { Headers = { { "Origin", "https://shop.example.net" } } };
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v2/summary.json")
        {
            Headers = { { "Origin", "https://shop.example.net" }, { "Access-Control-Request-Method", "GET" }, { "Access-Control-Request-Headers", "if-none-match" } },
        };

        using var answer = await client.SendAsync(get, TestContext.Current.CancellationToken);
        using var allowed = await client.SendAsync(preflight, TestContext.Current.CancellationToken);

        Assert.Equal("*", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("ETag", Assert.Single(answer.Headers.GetValues("Access-Control-Expose-Headers")));
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("*", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("GET", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Contains("If-None-Match", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Headers")));
    }

    [Fact]
    public async Task AnswersNotModifiedToAReaderWhoHasTheFile()
    {
        using var client = _factory.CreateClient();
        using var first = await client.GetAsync("/api/v2/summary.json", TestContext.Current.CancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("*", Assert.Single(second.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task AnswersIfModifiedSinceUntilTheFileChanges()
    {
        using var client = _factory.CreateClient();
        using var first = await client.GetAsync("/api/v2/components.json", TestContext.Current.CancellationToken);
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var unchanged = await client.SendAsync(Since("/api/v2/components.json", lastModified), TestContext.Current.CancellationToken);
        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        _factory.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("Search", null, null), "tester@example.com");
        using var changed = await client.SendAsync(Since("/api/v2/components.json", lastModified), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.True(changed.Content.Headers.LastModified > lastModified);
        Assert.Contains("Search", await changed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task KeepsETagAndDateOfAFileAWriteLeftAsItWas()
    {
        using var client = _factory.CreateClient();
        using var before = await client.GetAsync("/widget.js", TestContext.Current.CancellationToken);

        _factory.Time.Advance(TimeSpan.FromMinutes(1));
        _factory.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("Billing", null, null), "tester@example.com");
        using var after = await client.GetAsync("/widget.js", TestContext.Current.CancellationToken);
        using var stillFresh = await client.SendAsync(Since("/widget.js", before.Content.Headers.LastModified!.Value), TestContext.Current.CancellationToken);

        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(before.Content.Headers.LastModified, after.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.NotModified, stillFresh.StatusCode);
    }

    [Fact]
    public async Task LetsIfNoneMatchDecideWhenBothAreSent()
    {
        using var client = _factory.CreateClient();
        using var first = await client.GetAsync("/api/v2/status.json", TestContext.Current.CancellationToken);

        using var request = Since("/api/v2/status.json", first.Content.Headers.LastModified!.Value);
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CompressesForClientsThatAskAndTagsEachEncodingApart()
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var plain = await client.GetAsync("/api/v2/summary.json", TestContext.Current.CancellationToken);

        using var gzipped = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("gzip", Assert.Single(gzipped.Content.Headers.ContentEncoding));
        Assert.NotEqual(plain.Headers.ETag, gzipped.Headers.ETag);
    }

    [Theory]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("gzip;q=0.000, br;q=0.5", "br")]
    [InlineData("GZIP ; Q = 0.8", "gzip")]
    [InlineData("br;q=0,gzip;q=0", null)]
    [InlineData("identity", null)]
    public async Task CompressesOnlyWithAnEncodingTheReaderGivesAQualityAboveZero(string acceptEncoding, string? expected)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected is null ? [] : [expected], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task AnswersHeadWithoutABodyAndRefusesWrites()
    {
        using var client = _factory.CreateClient();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v2/summary.json"), TestContext.Current.CancellationToken);
        using var post = await client.PostAsync("/api/v2/summary.json", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.True(head.Content.Headers.ContentLength > 0);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Theory]
    [InlineData("/components/doesnotexist/badge.svg")]
    [InlineData("/components/doesnotexist/history.rss")]
    [InlineData("/components/doesnotexist/history.atom")]
    public async Task AnswersNotFoundForAnUnknownComponent(string path)
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ListsEveryFileForACopyOfTheSiteWithTheBytesTheAppServes()
    {
        var components = _factory.Services.GetRequiredService<ComponentService>();
        var group = components.CreateGroup("Mail", null, "tester@example.com");
        var smtp = components.Create(new ComponentDraft("SMTP relay", null, group.Id), "tester@example.com");
        var snapshot = _factory.Services.GetRequiredService<StatusSnapshotService>().Current;
        using var client = _factory.CreateClient();

        var resources = _factory.Services.GetRequiredService<PublicResources>().For(snapshot).ToList();

        var paths = resources.Select(r => r.Path).ToList();
        Assert.Equal(paths.Count, paths.Distinct().Count());
        Assert.Superset(Files.Select(row => row.Data.Item1).ToHashSet(), paths.ToHashSet());
        foreach (var id in new[] { smtp.Id, group.Id })
        {
            Assert.Contains($"/components/{id}/badge.svg", paths);
            Assert.Contains($"/components/{id}/history.rss", paths);
            Assert.Contains($"/components/{id}/history.atom", paths);
        }

        foreach (var resource in resources)
        {
            using var response = await client.GetAsync(resource.Path, TestContext.Current.CancellationToken);
            Assert.Equal(resource.Render(snapshot), await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
            Assert.Equal(resource.ContentType, response.Content.Headers.ContentType?.ToString());
        }
    }

    private static HttpRequestMessage Since(string path, DateTimeOffset lastModified)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfModifiedSince = lastModified;
        return request;
    }
}
