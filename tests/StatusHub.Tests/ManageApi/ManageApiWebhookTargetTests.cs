using System.Net;
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
    private readonly StatusHubApp _factory = new();

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [MemberData(nameof(WebhookTargetGuardTests.PrivateUrls), MemberType = typeof(WebhookTargetGuardTests))]
    public async Task RefusesAPrivateEndpointEvenWhenConfirmationIsSkipped(string url)
    {
        await using var app = _factory.WithSubscriptions(smsGateway: null, allowPrivateWebhooks: false);
        using var client = ManageApiCalls.Client(app, ApiKeyScope.Write);
        var body = JsonSerializer.Serialize(new { subscriber = new { endpoint = url, skip_confirmation_notification = true } });

        using var response = await ManageApiCalls.PostAsync(client, "/api/manage/v1/subscribers", body);
        var problem = await ManageApiCalls.Json(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("public internet addresses", problem.GetProperty("detail").GetString());
        Assert.Equal(0, app.Services.GetRequiredService<LiteStore>().Collection<Subscriber>().Count());
    }
}
