using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace StatusHub.Tests.Hosting;

public class PublicPagesAuthenticationTests
{
    [Fact]
    public async Task ServesPublicPagesAndFilesWithoutAuthenticatingTheReader()
    {
        var authenticated = new ConcurrentQueue<string>();
        using var factory = new StatusHubApp();
        using var recorded = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            services.AddScoped<AuthenticationService>();
            services.AddScoped<IAuthenticationService>(provider => new RecordingAuthentication(provider.GetRequiredService<AuthenticationService>(), authenticated));
        }));
        using var client = recorded.CreateClient();

        foreach (var path in new[] { "/", "/history", "/status/live.json", "/api/v2/summary.json", "/history.rss", "/badge.svg", "/account/login" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {response.StatusCode}");
        }

        // The staff sign-in page goes through authentication as before: it is what shows the recording works.
        Assert.Equal(["/account/login"], authenticated.Distinct());
    }

    /// <summary>The framework's own authentication service, noting the path of every request it authenticates.</summary>
    private sealed class RecordingAuthentication(IAuthenticationService inner, ConcurrentQueue<string> paths) : IAuthenticationService
    {
        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme)
        {
            paths.Enqueue(context.Request.Path);
            return inner.AuthenticateAsync(context, scheme);
        }

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.ChallengeAsync(context, scheme, properties);

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.ForbidAsync(context, scheme, properties);

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) => inner.SignInAsync(context, scheme, principal, properties);

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.SignOutAsync(context, scheme, properties);
    }
}
