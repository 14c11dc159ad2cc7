using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.ManageApi;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Tests.Subscribers;

namespace StatusHub.Tests.ManageApi;

/// <summary>The management API adds webhook subscribers under the same guard as the public form, skipped confirmation or not.</summary>
public sealed class ManageApiWebhookTargetTests : IAsyncDisposable
{
    private readonly StatusHubFactory _factory = new();

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [MemberData(nameof(WebhookTargetGuardTests.PrivateUrls), MemberType = typeof(WebhookTargetGuardTests))]
    public async Task RefusesAPrivateEndpointEvenWhenConfirmationIsSkipped(string url)
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null, allowPrivateWebhooks: false);
        using var client = app.CreateClient();
        var key = app.Services.GetRequiredService<ApiKeyService>().Create("test key", ApiKeyScope.Write, "admin@example.com");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        var body = JsonSerializer.Serialize(new { subscriber = new { endpoint = url, skip_confirmation_notification = true } });

        using var response = await client.PostAsync("/api/manage/v1/subscribers", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("public internet addresses", problem.GetProperty("detail").GetString());
        Assert.Equal(0, app.Services.GetRequiredService<LiteStore>().Collection<Subscriber>().Count());
    }
}
