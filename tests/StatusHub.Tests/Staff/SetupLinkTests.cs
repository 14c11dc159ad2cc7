using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Staff;

namespace StatusHub.Tests.Staff;

public class SetupLinkTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreatesTheFirstAdminThroughTheSetupPageAndSignsThemIn()
    {
        using var factory = new StatusHubApp();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = factory.Services.GetRequiredService<FirstAdminSetup>().IssueToken()!;

        using var response = await PostSetupAsync(client, token, StaffSignIn.Password);
        using var accounts = await client.GetAsync("/admin/accounts", Cancel);
        var setupAgain = await client.GetStringAsync($"/account/setup?token={token}", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
        Assert.Contains("root@example.com", await accounts.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("Setup is done", setupAgain);
        Assert.NotNull(Assert.Single(factory.Services.GetRequiredService<StaffAccountService>().All()).LastSignInAt);
        Assert.DoesNotContain("name=\"Password\"", setupAgain);
    }

    [Fact]
    public async Task ShowsTheReasonWhenTheSetupFormIsRefused()
    {
        using var factory = new StatusHubApp();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = factory.Services.GetRequiredService<FirstAdminSetup>().IssueToken()!;

        using var response = await PostSetupAsync(client, token, "too short");
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Password is too short", html);
        Assert.Contains("value=\"root@example.com\"", html);
        Assert.Contains($"value=\"{token}\"", html);
    }

    [Fact]
    public async Task RefusesTheSetupPageWithoutAValidToken()
    {
        using var factory = new StatusHubApp();
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/account/setup?token=guessed", Cancel);

        Assert.Contains("This setup link is not valid", html);
        Assert.DoesNotContain("name=\"Password\"", html);
    }

    [Fact]
    public async Task PrintsASetupLinkAtAFirstStartThatOpensTheForm()
    {
        var logs = new LogCollector();
        using var factory = new StatusHubApp();
        using var logged = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs)));
        using var client = logged.CreateClient();

        var line = Assert.Single(logs.Messages, m => m.Contains("No staff account exists yet", StringComparison.Ordinal));
        var url = System.Text.RegularExpressions.Regex.Match(line, @"http://\S+/account/setup\?token=[\w-]+").Value;
        var html = await client.GetStringAsync(new Uri(url).PathAndQuery, Cancel);

        Assert.Contains("name=\"Password\"", html);
    }

    [Fact]
    public async Task PrintsNoSetupLinkOnceAnAccountExists()
    {
        using var factory = new StatusHubApp();
        factory.CreateAccount(StaffRoles.Admin);
        var logs = new LogCollector();
        using var logged = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs)));

        using var client = logged.CreateClient();
        await client.GetAsync("/", Cancel);

        Assert.DoesNotContain(logs.Messages, m => m.Contains("No staff account exists yet", StringComparison.Ordinal));
    }

    /// <summary>Fills the setup form for root@example.com the way a browser does, antiforgery token included.</summary>
    private static async Task<HttpResponseMessage> PostSetupAsync(HttpClient client, string token, string password)
    {
        var formToken = await client.GetAntiforgeryTokenAsync($"/account/setup?token={token}");
        return await client.PostAsync("/account/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = formToken,
            ["Token"] = token,
            ["Email"] = "root@example.com",
            ["Password"] = password,
            ["ConfirmPassword"] = password,
        }), Cancel);
    }
}
