using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusHub.Staff;
using StatusHub.Staff.Oidc;

namespace StatusHub.Tests.Staff.Oidc;

public class OidcConfigurationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OffersNoSingleSignOnUnlessConfigured()
    {
        using var app = new StatusHubApp();
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/account/login", Cancel);

        Assert.DoesNotContain("Sign in with", html);
        Assert.DoesNotContain("account/oidc", html);
    }

    [Fact]
    public async Task KeepsLocalSignInWorkingAndSaysSoWhenTheIdentityProviderIsDown()
    {
        using var app = new StatusHubApp { Logs = new LogCollector() };
        OidcApp.Configure(app, $"http://127.0.0.1:{UnusedPort()}");

        await AssertUnavailableButLocalSignInWorksAsync(app);
    }

    [Fact]
    public async Task KeepsLocalSignInWorkingAndSaysSoWhenTheProvidersMetadataIsBroken()
    {
        await using var idp = await FakeIdentityProvider.StartAsync();
        idp.BrokenMetadata = "{\"issuer\": 42, not json";
        using var app = new StatusHubApp { Logs = new LogCollector() };
        OidcApp.Configure(app, idp.Authority);

        await AssertUnavailableButLocalSignInWorksAsync(app);
    }

    [Fact]
    public async Task RefusesAnAuthorityOverPlainHttpUnlessItIsLoopbackAndSaysWhichKeyToFix()
    {
        using var app = new StatusHubApp { Logs = new LogCollector() };
        OidcApp.Configure(app, "http://login.example.com/realms/staff");
        var account = app.CreateAccount(StaffRoles.Admin);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var html = await client.GetStringAsync("/account/login", Cancel);
        using var local = await client.PostSignInFormAsync(account.Email, StaffSignIn.Password);

        Assert.Contains($"Sign in with {OidcApp.DisplayName} is not available", html);
        Assert.Equal(HttpStatusCode.Redirect, local.StatusCode);
        Assert.Contains(app.Logs!.Messages, m => m.Contains("Staff:Oidc:Authority", StringComparison.Ordinal) && m.Contains("https", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://login.example.com/realms/staff", true)]
    [InlineData("http://127.0.0.1:8080/realms/staff", false)]
    [InlineData("http://localhost:8080/realms/staff", false)]
    public async Task RequiresHttpsMetadataExceptFromALoopbackProvider(string authority, bool required)
    {
        using var data = new TempFolder();
        await using var app = AppServices.Build(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = data.Path,
            ["Staff:Oidc:Authority"] = authority,
            ["Staff:Oidc:ClientId"] = "statushub",
            ["Staff:Oidc:AdminValues:0"] = "admins",
        });

        var options = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OidcSignIn.Scheme);

        Assert.Equal(required, options.RequireHttpsMetadata);
        Assert.True(options.UsePkce);
        Assert.Equal("code", options.ResponseType);
    }

    private static async Task AssertUnavailableButLocalSignInWorksAsync(StatusHubApp app)
    {
        var account = app.CreateAccount(StaffRoles.Admin);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var html = await client.GetStringAsync("/account/login", Cancel);
        var token = await client.GetAntiforgeryTokenAsync("/account/login");
        using var start = await client.PostAsync("/account/oidc", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Cancel);
        using var local = await client.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        using var dashboard = await client.GetAsync("/admin", Cancel);

        Assert.Contains($"Sign in with {OidcApp.DisplayName} is unavailable right now", html);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.StartsWith("/account/login", start.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, local.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(app.Logs!.Messages, m => m.Contains("Staff:Oidc:Authority", StringComparison.Ordinal) && m.Contains("metadata", StringComparison.Ordinal));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
