using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.ManageApi;
using StatusHub.Storage;

namespace StatusHub.Tests.ManageApi;

/// <summary>Calls the management API as a script would: a key made as an admin makes it, JSON bodies, problem answers.</summary>
public static class ManageApiCalls
{
    public static HttpClient Client(WebApplicationFactory<Program> app, ApiKeyScope scope)
    {
        var key = app.Services.GetRequiredService<ApiKeyService>().Create($"{scope} test key", scope, "admin@example.com");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        return client;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) => SendAsync(client, HttpMethod.Post, path, json);

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? json, string contentType = "application/json") =>
        client.SendAsync(
            new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, contentType) },
            TestContext.Current.CancellationToken);

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

    /// <summary>The "detail" of a problem answer, after checking that it is one with this status.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == (int)response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("detail").GetString()!;
    }

    /// <summary>
    /// Every document of every collection but the API keys (which note when they were last used), as text to compare. Empty
    /// collections are left out: reading a collection creates it (<see cref="LiteStore.Collection{T}"/>), which stores no data.
    /// </summary>
    public static string StoreContents(WebApplicationFactory<Program> app)
    {
        var database = app.Services.GetRequiredService<LiteStore>().Database;
        return string.Join(
            "\n",
            database.GetCollectionNames()
                .Where(name => name != "api_key" && database.GetCollection(name).Count() > 0)
                .Order(StringComparer.Ordinal)
                .Select(name => name + ": " + string.Join(", ", database.GetCollection(name).FindAll().Select(d => LiteDB.JsonSerializer.Serialize(d)))));
    }
}
