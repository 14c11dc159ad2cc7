using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Staff;

namespace StatusHub.Tests.Staff.Oidc;

public class OidcSignInTests(OidcApp oidc) : IClassFixture<OidcApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OffersTheIdentityProviderBesideTheLocalForm()
    {
        using var client = oidc.CreateClient();

        var html = await client.GetStringAsync("/account/login", Cancel);

        Assert.Contains($"Sign in with {OidcApp.DisplayName}", html);
        Assert.Contains("action=\"account/oidc\"", html);
        Assert.Contains("name=\"Password\"", html);
        Assert.DoesNotContain("unavailable", html);
    }

    [Fact]
    public async Task SignsAMemberOfTheAdminGroupInAsAnAdminWithAStaffSessionOfAnExternalAccount()
    {
        var user = NewUser(OidcApp.AdminGroup);
        using var client = oidc.CreateClient();

        using var callback = await oidc.SignInAsync(client, user, "/admin/audit");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.StartsWith("/account/oidc/signed-in", callback.Headers.Location?.OriginalString);
        // A page of our own moves on, so that the Strict sign-in cookie is sent: a redirect chain begun at the provider would not carry it.
        var onward = await client.GetStringAsync(callback.Headers.Location, Cancel);
        Assert.Contains("url=/admin/audit", WebUtility.HtmlDecode(onward));
        using var accounts = await client.GetAsync("/admin/accounts", Cancel);
        Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
        var account = Accounts().FindByEmail(user.Email)!;
        Assert.Equal(StaffRoles.Admin, account.Role);
        Assert.True(account.IsExternal);
        Assert.True(string.IsNullOrEmpty(account.PasswordHash));
        Assert.Equal(user.Name, account.DisplayName);
        Assert.Contains(Audit(user), e => e.Action == "staff.created" && e.Details.Contains(oidc.IdentityProvider.Authority, StringComparison.Ordinal));
        Assert.Contains(Audit(user), e => e.Action == "staff.signed-in" && e.Details.Contains("single sign-on", StringComparison.Ordinal));
        Assert.Contains(oidc.IdentityProvider.TokenRequests, t => t.Contains("code_verifier=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignsAMemberOfAnEditorGroupInAsAnEditor()
    {
        var user = NewUser("unrelated", OidcApp.EditorGroup);
        using var client = oidc.CreateClient();

        using var callback = await oidc.SignInAsync(client, user);

        using var dashboard = await client.GetAsync("/admin", Cancel);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        using var accounts = await client.GetAsync("/admin/accounts", Cancel);
        Assert.NotEqual(HttpStatusCode.OK, accounts.StatusCode);
        Assert.Equal(StaffRoles.Editor, Accounts().FindByEmail(user.Email)!.Role);
    }

    [Fact]
    public async Task RefusesSomeoneInNoMappedGroupWithAClearPageAndAnAuditRow()
    {
        var user = NewUser("everyone");
        using var client = oidc.CreateClient();

        using var callback = await oidc.SignInAsync(client, user);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.DoesNotContain(callback.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("statushub.auth=", StringComparison.Ordinal));
        var page = await client.GetStringAsync(callback.Headers.Location, Cancel);
        Assert.Contains("not in a group", page);
        using var dashboard = await client.GetAsync("/admin", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Null(Accounts().FindByEmail(user.Email));
        Assert.Contains(Audit(user), e => e.Action == "staff.sign-in-refused" && e.Details.Contains(FakeIdentityProvider.GroupsClaim, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TakesTheRoleFromTheClaimAtEverySignInAndAppliesItToOpenSessions()
    {
        var user = NewUser(OidcApp.AdminGroup);
        using var first = oidc.CreateClient();
        using var second = oidc.CreateClient();
        (await oidc.SignInAsync(first, user)).Dispose();

        (await oidc.SignInAsync(second, user with { Groups = [OidcApp.EditorGroup] })).Dispose();

        Assert.Equal(StaffRoles.Editor, Accounts().FindByEmail(user.Email)!.Role);
        using var accounts = await first.GetAsync("/admin/accounts", Cancel);
        Assert.NotEqual(HttpStatusCode.OK, accounts.StatusCode);
        using var dashboard = await first.GetAsync("/admin", Cancel);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Single(Accounts().All(), a => a.ExternalSubject == user.Subject);
    }

    [Fact]
    public async Task ARefusedSignInOfAKnownAccountEndsItsOpenSessions()
    {
        var user = NewUser(OidcApp.AdminGroup);
        using var kept = oidc.CreateClient();
        using var again = oidc.CreateClient();
        (await oidc.SignInAsync(kept, user)).Dispose();

        using var refused = await oidc.SignInAsync(again, user with { Groups = [] });

        Assert.StartsWith("/account/oidc/refused", refused.Headers.Location?.OriginalString);
        using var dashboard = await kept.GetAsync("/admin", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task ADisabledExternalAccountIsRefusedAtTheProvidersDoorToo()
    {
        var user = NewUser(OidcApp.EditorGroup);
        using var client = oidc.CreateClient();
        (await oidc.SignInAsync(client, user)).Dispose();
        var account = Accounts().FindByEmail(user.Email)!;

        Accounts().SetDisabled(account.Id, account.Version, disabled: true, "tests");
        using var refused = await oidc.SignInAsync(client, user);

        Assert.StartsWith("/account/oidc/refused", refused.Headers.Location?.OriginalString);
        Assert.Contains("disabled", await client.GetStringAsync(refused.Headers.Location, Cancel));
        using var dashboard = await client.GetAsync("/admin", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task AnExternalAccountCannotUseTheLocalForm()
    {
        var user = NewUser(OidcApp.AdminGroup);
        using (var client = oidc.CreateClient())
        {
            (await oidc.SignInAsync(client, user)).Dispose();
        }

        using var local = oidc.CreateClient();
        using var response = await local.PostSignInFormAsync(user.Email, StaffSignIn.Password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Audit(user), e => e.Action == "staff.sign-in-failed" && e.Details.Contains("single sign-on", StringComparison.Ordinal));
        var account = Accounts().FindByEmail(user.Email)!;
        var reset = Assert.Throws<StatusHub.Storage.ValidationException>(() => Accounts().ResetPassword(account.Id, account.Version, StaffSignIn.Password, "tests"));
        Assert.Contains("single sign-on", reset.Message);
    }

    [Fact]
    public async Task RefusesAnIdentityWhoseEmailALocalAccountAlreadyUses()
    {
        var local = oidc.App.CreateAccount(StaffRoles.Editor);
        using var client = oidc.CreateClient();

        using var refused = await oidc.SignInAsync(client, NewUser(OidcApp.AdminGroup) with { Email = local.Email });

        Assert.StartsWith("/account/oidc/refused", refused.Headers.Location?.OriginalString);
        Assert.Contains("already", await client.GetStringAsync(refused.Headers.Location, Cancel));
        Assert.False(Accounts().FindByEmail(local.Email)!.IsExternal);
    }

    private static IdentityProviderUser NewUser(params string[] groups)
    {
        var id = Guid.NewGuid().ToString("n");
        return new IdentityProviderUser($"sub-{id}", $"person-{id}@example.com", $"Person {id[..6]}", groups);
    }

    private StaffAccountService Accounts() => oidc.App.Services.GetRequiredService<StaffAccountService>();

    private IReadOnlyList<AuditEntry> Audit(IdentityProviderUser user) =>
        oidc.App.Services.GetRequiredService<AuditLog>().Page(0, StaffAccount.AuditSubject(user.Email));
}
