using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.ManageApi;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.ManageApi;

/// <summary>The management API writes through the services, so it refuses and cleans text as the staff pages do.</summary>
public sealed class ManageApiTextTests : IAsyncDisposable
{
    private readonly StatusHubApp _factory = new();

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("""{"component":{"name":"\u001b[31mWeb"}}""", "U+001B")]
    [InlineData("""{"component":{"name":"Web\u0000"}}""", "U+0000")]
    [InlineData("""{"component":{"name":"Web\uFFFE"}}""", "U+FFFE")]
    [InlineData("""{"component":{"name":"invoice\u202Efdp.exe"}}""", "U+202E")]
    [InlineData("""{"component":{"name":"\u200B"}}""", "required")]
    public async Task AComponentNameNoPageCanShowIs422NamingTheFieldAndNothingIsSaved(string body, string named)
    {
        using var client = Client();

        var answer = await ManageApiCalls.SendAsync(client, HttpMethod.Post, "/api/manage/v1/components", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var detail = (await ManageApiCalls.Json(answer)).GetProperty("detail").GetString();
        Assert.StartsWith("Component name ", detail);
        Assert.Contains(named, detail);
        Assert.Empty(_factory.Services.GetRequiredService<ComponentService>().All());
    }

    [Fact]
    public async Task RenamingAComponentWithAControlCharacterIs422AndKeepsTheName()
    {
        var web = _factory.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("Web", null, null), "tests");
        using var client = Client();

        var answer = await ManageApiCalls.SendAsync(client, HttpMethod.Patch, $"/api/manage/v1/components/{web.Id}", """{"component":{"name":"\u001b[31mWeb"}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Equal("Web", _factory.Services.GetRequiredService<ComponentService>().Get(web.Id).Name);
    }

    [Fact]
    public async Task AnIncidentsUpdateTextIsKeptWithoutTerminalCodesOrControlCharacters()
    {
        using var client = Client();

        var answer = await ManageApiCalls.SendAsync(client, HttpMethod.Post, "/api/manage/v1/incidents",
            """{"incident":{"name":"Mail delayed","body":"Log:\r\n\u001b[1mERROR\u001b[0m queue\u0000 full"}}""");

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var incident = await ManageApiCalls.Json(answer);
        Assert.Equal("Log:\nERROR queue full", incident.GetProperty("incident_updates")[0].GetProperty("body").GetString());
    }

    private HttpClient Client() => ManageApiCalls.Client(_factory, ApiKeyScope.Write);
}
