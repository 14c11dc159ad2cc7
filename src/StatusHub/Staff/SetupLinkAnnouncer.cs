using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StatusHub.StatusPage;

namespace StatusHub.Staff;

/// <summary>On a start with no staff account, prints a one-time link to create the first admin in the browser.</summary>
public sealed class SetupLinkAnnouncer(
    FirstAdminSetup setup,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<StatusPageOptions> statusPage,
    ILogger<SetupLinkAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The listening addresses are known only once the server has started.
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        string? token;
        try
        {
            token = setup.IssueToken();
        }
        catch (Storage.ReadOnlyException ex)
        {
            logger.LogWarning("No staff account exists yet, and no setup link can be issued: {Sentence}", ex.Message);
            return;
        }

        if (token is null)
        {
            return;
        }

        logger.LogWarning(
            "No staff account exists yet. Create the first admin at {SetupUrl} (works once, for {Hours} hours; a restart prints a new link), or run `admin create --email <address> --role admin` on the server.",
            $"{BaseUrl()}/account/setup?token={token}", (int)FirstAdminSetup.Lifetime.TotalHours);
    }

    private string BaseUrl()
    {
        if (!string.IsNullOrWhiteSpace(statusPage.Value.PublicUrl))
        {
            return statusPage.Value.PublicUrl.TrimEnd('/');
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault() ?? "http://localhost:5000";
        // "Listen everywhere" addresses are not something a browser can open.
        foreach (var wildcard in new[] { "://+:", "://*:", "://[::]:", "://0.0.0.0:" })
        {
            address = address.Replace(wildcard, "://localhost:", StringComparison.Ordinal);
        }

        return address.TrimEnd('/');
    }
}
