using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.StatusComponents;
using StatusHub.Upstream;

namespace StatusHub.Tests.Upstream;

/// <summary>StatusHub following StatusHub: the upstream's /api/v2/summary.json on a real socket, the follower's public page and API.</summary>
public sealed class StatusHubUpstreamTests : IAsyncLifetime
{
    private const string Admin = "root@example.com";

    private readonly StatusHubApp _upstream = new();
    private readonly StatusHubApp _follower = new();

    public ValueTask InitializeAsync()
    {
        _upstream.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _upstream.StartServer();
        _ = _follower.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _follower.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private static T Get<T>(StatusHubApp app) where T : notnull => app.Services.GetRequiredService<T>();

    [Fact]
    public async Task AComponentMirrorsAnotherStatusHubAndThePublicPageSaysWhereItsStatusComesFrom()
    {
        var mail = Get<ComponentService>(_upstream).Create(new ComponentDraft("Mail delivery", null, null), Admin);
        var ours = Get<ComponentService>(_follower).Create(new ComponentDraft("Outbound mail", null, null), Admin);
        Get<UpstreamService>(_follower).Follow(ours.Id, _upstream.ClientOptions.BaseAddress.ToString(), mail.Id, "Mailer Inc", UpstreamLink.DefaultInterval, 0, Admin);
        Get<ComponentService>(_upstream).Update(mail with { Status = ComponentStatus.MajorOutage }, Admin);

        await Get<UpstreamPoller>(_follower).PollDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ComponentStatus.MajorOutage, Get<ComponentService>(_follower).Get(ours.Id).Status);
        using var client = _follower.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var row = page[page.IndexOf($"data-component-id=\"{ours.Id}\"", StringComparison.Ordinal)..];
        Assert.Contains("Status from Mailer Inc", row[..row.IndexOf("</li>", StringComparison.Ordinal)]);
        var summary = await client.GetStringAsync("/api/v2/summary.json", TestContext.Current.CancellationToken);
        Assert.Contains("\"status\":\"major_outage\"", summary);
    }
}
