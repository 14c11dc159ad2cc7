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
        using var factory = new StatusHubFactory();
        // The default the app ships with; StatusHubFactory raises it for the other tests.
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
    public async Task TellsAThrottledEmailToWaitWithoutSayingWhetherItExists()
    {
        using var factory = new StatusHubFactory();
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
}
