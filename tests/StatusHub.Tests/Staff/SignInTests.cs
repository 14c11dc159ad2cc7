using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Staff;

namespace StatusHub.Tests.Staff;

public class SignInTests(StatusHubApp factory) : IClassFixture<StatusHubApp>
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

    [Theory]
    [InlineData("https://evil.example/admin")]
    [InlineData("//evil.example/admin")]
    [InlineData("/\\evil.example/admin")]
    [InlineData("javascript:alert(1)")]
    public async Task IgnoresAReturnUrlOffThisSite(string returnUrl)
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var client = factory.CreateClient(NoRedirects);

        using var response = await client.PostSignInFormAsync(account.Email, StaffSignIn.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ReturnsToTheLocalPageThatAskedForSignIn()
    {
        var account = factory.CreateAccount(StaffRoles.Admin);
        using var client = factory.CreateClient(NoRedirects);
        using var challenge = await client.GetAsync("/admin/audit?page=1", Cancel);
        var returnUrl = System.Web.HttpUtility.ParseQueryString(challenge.Headers.Location!.Query)["ReturnUrl"];

        using var response = await client.PostSignInFormAsync(account.Email, StaffSignIn.Password, returnUrl);

        Assert.Equal("/admin/audit?page=1", returnUrl);
        Assert.Equal(returnUrl, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task RejectsAPostWithoutTheAntiforgeryToken()
    {
        var account = factory.CreateAccount(StaffRoles.Admin);
        using var client = factory.CreateClient(NoRedirects);

        using var response = await client.PostAsync("/account/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = account.Email, ["Password"] = StaffSignIn.Password }), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The form expired", await response.Content.ReadAsStringAsync(Cancel));
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("statushub.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SendsAnEditorToDeniedOnAdminPages()
    {
        using var client = await factory.CreateSignedInClientAsync(StaffRoles.Editor);

        using var accounts = await client.GetAsync("/admin/accounts", Cancel);
        using var audit = await client.GetAsync("/admin/audit", Cancel);
        using var dashboard = await client.GetAsync("/admin", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, accounts.StatusCode);
        Assert.StartsWith("/account/denied", accounts.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, audit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.DoesNotContain("admin/accounts", await dashboard.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task ShowsAdminsTheAccountsAndAuditPages()
    {
        using var client = await factory.CreateSignedInClientAsync(StaffRoles.Admin);

        var accounts = await client.GetStringAsync("/admin/accounts", Cancel);
        var audit = await client.GetStringAsync("/admin/audit", Cancel);

        Assert.Contains("Staff accounts", accounts);
        Assert.Contains("href=\"admin/audit\"", accounts);
        Assert.Contains("staff.signed-in", audit);
    }

    [Fact]
    public async Task StopsHonouringTheCookieOfADisabledAccount()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var client = await factory.CreateSignedInClientAsync(account);
        using var before = await client.GetAsync("/admin", Cancel);

        var accounts = factory.Services.GetRequiredService<StaffAccountService>();
        accounts.SetDisabled(account.Id, accounts.Get(account.Id).Version, true, "tests");
        using var after = await client.GetAsync("/admin", Cancel);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task EndsEverySessionOfAnAccountWhosePasswordIsReset()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);
        using var laptop = await factory.CreateSignedInClientAsync(account);
        using var phone = await factory.CreateSignedInClientAsync(account);
        using var other = await factory.CreateSignedInClientAsync(StaffRoles.Editor);

        var accounts = factory.Services.GetRequiredService<StaffAccountService>();
        accounts.ResetPassword(account.Id, accounts.Get(account.Id).Version, "a brand new long passphrase", "tests");

        foreach (var client in new[] { laptop, phone })
        {
            using var response = await client.GetAsync("/admin", Cancel);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery);
        }

        using (var untouched = await other.GetAsync("/admin", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, untouched.StatusCode);
        }

        // Signing in again with the new password opens a session that stays.
        using var again = factory.CreateClient(NoRedirects);
        using var withNew = await again.PostSignInFormAsync(account.Email, "a brand new long passphrase");
        Assert.Equal(HttpStatusCode.Redirect, withNew.StatusCode);
        using var admin = await again.GetAsync("/admin", Cancel);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task AppliesARoleChangeToAnExistingCookie()
    {
        var account = factory.CreateAccount(StaffRoles.Admin);
        factory.CreateAccount(StaffRoles.Admin);
        using var client = await factory.CreateSignedInClientAsync(account);

        var accounts = factory.Services.GetRequiredService<StaffAccountService>();
        accounts.ChangeRole(account.Id, accounts.Get(account.Id).Version, StaffRoles.Editor, "tests");
        using var response = await client.GetAsync("/admin/accounts", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task SignsOutThroughTheLayoutForm()
    {
        using var client = await factory.CreateSignedInClientAsync(StaffRoles.Editor);
        var token = await client.GetAntiforgeryTokenAsync("/account/denied");

        using var response = await client.PostAsync("/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Cancel);
        using var admin = await client.GetAsync("/admin", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
    }

    [Fact]
    public async Task RecordsTheSignInInTheAuditLog()
    {
        var account = factory.CreateAccount(StaffRoles.Editor);

        using var client = await factory.CreateSignedInClientAsync(account);

        var entries = factory.Services.GetRequiredService<AuditLog>().Page(0, StaffAccount.AuditSubject(account.Email));
        Assert.Contains(entries, e => e.Action == "staff.signed-in" && e.Actor == account.Email);
    }
}
