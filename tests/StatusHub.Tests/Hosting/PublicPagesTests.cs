using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Hosting;

public class PublicPagesTests : IClassFixture<StatusHubApp>
{
    private readonly StatusHubApp _factory;

    public PublicPagesTests(StatusHubApp factory) => _factory = factory;

    [Fact]
    public async Task ServesTheTopLevelWwwroot()
    {
        using var client = _factory.CreateClient();

        var served = await client.GetByteArrayAsync("/css/site.css", TestContext.Current.CancellationToken);

        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot.Path, "wwwroot", "css", "site.css"), TestContext.Current.CancellationToken), served);
    }

    [Fact]
    public async Task ServesTheStatusPageWithoutACircuitOrCookie()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("status-banner", html);
        Assert.DoesNotContain("blazor.web.js", html);
        Assert.DoesNotContain("Blazor-Server-Component-State", html);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task AnswersNotModifiedToAReaderWhoHasThePage()
    {
        using var client = _factory.CreateClient();
        using var first = await client.GetAsync("/", TestContext.Current.CancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        // An answer without a body still gets the security headers.
        Assert.Equal(first.Headers.GetValues("Content-Security-Policy"), second.Headers.GetValues("Content-Security-Policy"));
    }

    [Fact]
    public async Task ShowsANewIncidentOnTheStatusAndIncidentPages()
    {
        using var client = _factory.CreateClient();
        var components = _factory.Services.GetRequiredService<ComponentService>();
        var incidents = _factory.Services.GetRequiredService<IncidentService>();
        var api = components.Create(new ComponentDraft("Public API", null, null), "tester@example.com");

        var incident = incidents.Open(new NewIncident("Elevated API errors", null, new UpdateDraft(IncidentStatus.Investigating, "We are **looking** into it.", null,
            new Dictionary<string, ComponentStatus> { [api.Id] = ComponentStatus.PartialOutage })), "tester@example.com");

        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("Elevated API errors", home);
        Assert.Contains("<strong>looking</strong>", home);
        var page = await client.GetStringAsync($"/incidents/{incident.Id}", TestContext.Current.CancellationToken);
        Assert.Contains("Elevated API errors", page);
        Assert.Contains("Public API", page);
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownIncident()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/incidents/doesnotexist", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SendsAnonymousStaffVisitorsToSignIn()
    {
        using var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/admin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task PublishesAVersionThatChangesAfterAWrite()
    {
        using var client = _factory.CreateClient();
        var before = await client.GetStringAsync("/status/live.json", TestContext.Current.CancellationToken);

        _factory.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("Webmail", null, null), "tester@example.com");
        var after = await client.GetStringAsync("/status/live.json", TestContext.Current.CancellationToken);

        Assert.NotEqual(before, after);
    }
}
