using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StatusHub.Staff;

namespace StatusHub.Tests.Staff;

public class SignInRateLimitTests
{
    [Fact]
    public async Task AnswersTooManyRequestsOnceAnAddressUsedUpItsAttempts()
    {
        using var factory = new StatusHubApp();
        // A tight limit; StatusHubApp raises it for the other tests.
        using var limited = factory.WithWebHostBuilder(builder => builder.UseSetting("Staff:SignInAttemptsPerWindow", "10"));
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.PostSignInFormAsync($"guess{i}@example.com", "not the password at all");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Contains("Too many attempts", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                Assert.True(response.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, 10), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task ATeamBehindOneOfficeAddressSignsInAtOnceWithTheShippedLimits()
    {
        using var factory = new StatusHubApp();
        using var shipped = factory.WithWebHostBuilder(builder => builder.UseSetting("Staff:SignInAttemptsPerWindow", new StaffOptions().SignInAttemptsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var team = Enumerable.Range(0, 25).Select(_ => factory.CreateAccount(StaffRoles.Editor)).ToList();

        var statuses = new List<HttpStatusCode>();
        foreach (var colleague in team)
        {
            using var client = shipped.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            using var response = await client.PostSignInFormAsync(colleague.Email, StaffSignIn.Password);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Redirect, s));
    }

    [Fact]
    public async Task TellsAThrottledEmailToWaitWithoutSayingWhetherItExists()
    {
        using var factory = new StatusHubApp();
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < SignInBackOff.FreeFailures; i++)
        {
            using var _ = await client.PostSignInFormAsync(account.Email, "wrong password number " + i);
        }

        using var known = await client.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        for (var i = 0; i < SignInBackOff.FreeFailures; i++)
        {
            using var _ = await client.PostSignInFormAsync("nobody@example.com", "wrong password number " + i);
        }

        using var unknown = await client.PostSignInFormAsync("nobody@example.com", StaffSignIn.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, known.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, unknown.StatusCode);
        Assert.Contains("Wait 30 seconds", await known.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LetsTheRightPasswordInFromAnotherClientWhileTheGuessingClientWaits()
    {
        using var factory = new StatusHubApp();
        var account = factory.CreateAccount(StaffRoles.Admin);
        using var app = factory.WithWebHostBuilder(ConnectionFrom.Install);
        using var attacker = ThroughTheLocalProxy(app, "203.0.113.66");
        using var owner = ThroughTheLocalProxy(app, "198.51.100.7");

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < SignInBackOff.FreeFailures + 3; i++)
        {
            using var guess = await attacker.PostSignInFormAsync(account.Email, "wrong password number " + i);
            guesses.Add(guess.StatusCode);
        }

        using var attackerRight = await attacker.PostSignInFormAsync(account.Email, StaffSignIn.Password);
        using var ownerRight = await owner.PostSignInFormAsync(account.Email, StaffSignIn.Password);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, SignInBackOff.FreeFailures), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], guesses);
        Assert.Equal(HttpStatusCode.TooManyRequests, attackerRight.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, ownerRight.StatusCode);
        Assert.Equal(StaffEndpoints.DefaultReturnUrl, ownerRight.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SlowsDownAClientThatGuessesAcrossManyAccounts()
    {
        using var factory = new StatusHubApp();
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var app = factory.WithWebHostBuilder(ConnectionFrom.Install);
        using var sprayer = ThroughTheLocalProxy(app, "203.0.113.99");
        using var owner = ThroughTheLocalProxy(app, "198.51.100.8");

        for (var i = 0; i < SignInBackOff.FreeFailuresPerAddress; i++)
        {
            using var guess = await sprayer.PostSignInFormAsync($"staff{i}@example.com", "a common password");
            Assert.Equal(HttpStatusCode.BadRequest, guess.StatusCode);
        }

        using var next = await sprayer.PostSignInFormAsync(account.Email, "a common password");
        using var ownerRight = await owner.PostSignInFormAsync(account.Email, StaffSignIn.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.Contains("Too many failed attempts", await next.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Redirect, ownerRight.StatusCode);
    }

    /// <summary>A client behind the proxy on the same machine, which says who the client is in <c>X-Forwarded-For</c>.</summary>
    private static HttpClient ThroughTheLocalProxy(WebApplicationFactory<Program> app, string clientAddress)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ConnectionFrom.Header, "127.0.0.1");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }
}
