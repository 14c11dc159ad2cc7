using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Staff;

namespace StatusHub.Tests.Staff;

public class SignInTests(StatusHubFactory factory) : IClassFixture<StatusHubFactory>
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignsInThroughTheFormWithAnHttpOnlyStrictCookieAndOpensTheStaffArea()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var client = factory.CreateClient(NoRedirects);

        using var response = await client.PostSignInFormAsync(account.Email.ToUpperInvariant(), StaffSignIn.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("statushub.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var admin = await client.GetAsync("/admin", Cancel);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("Dashboard", await admin.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task RejectsSignInGivenWrongPasswordWithTheGenericMessageAndNoCookie()
    {
        var account = factory.CreateAccount(StaffRoles.Admin);
        using var client = factory.CreateClient(NoRedirects);

        using var response = await client.PostSignInFormAsync(account.Email, "not the right password");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(StaffEndpoints.WrongCredentials, await response.Content.ReadAsStringAsync(Cancel));
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("statushub.auth=", StringComparison.Ordinal));
        using var admin = await client.GetAsync("/admin", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
    }
}
