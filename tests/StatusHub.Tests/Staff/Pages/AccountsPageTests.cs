using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Staff;
using StatusHub.Staff.Pages;

namespace StatusHub.Tests.Staff.Pages;

public sealed class AccountsPageTests : BunitContext
{
    private const string Password = "correct horse battery staple";

    private readonly TestStore _store = new();
    private readonly StaffAccountService _accounts;
    private readonly StaffAccount _me;

    public AccountsPageTests()
    {
        _accounts = new StaffAccountService(_store.Store, _store.Time, new SignInBackOff(_store.Time), new StaffSessions(_store.Store, _store.Time));
        _me = _accounts.Create("root@example.com", StaffRoles.Admin, Password, "setup");
        Services.AddSingleton(_accounts);
        AddAuthorization()
            .SetAuthorized(_me.Email)
            .SetRoles(StaffRoles.Admin)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, _me.Id));
    }

    [Fact]
    public void CreatesAnAccountWithTheChosenRole()
    {
        var page = Render<Accounts>();

        page.Find("#new-email").Change("Alice@Example.com");
        page.Find("#new-role").Change(StaffRoles.Admin);
        page.Find("#new-password").Change(Password);
        page.Find("#new-email").Closest("form")!.Submit();

        Assert.Equal(StaffRoles.Admin, _accounts.FindByEmail("alice@example.com")?.Role);
        Assert.Contains("Created admin alice@example.com.", page.Find("[role=status]").TextContent);
        Assert.Contains("alice@example.com", page.Find("tbody").TextContent);
    }

    [Fact]
    public void ShowsWhyTheLastAdminCannotDisableThemselvesInsteadOfFailing()
    {
        var page = Render<Accounts>();

        page.FindAll("tbody button").Single(b => b.TextContent == "Disable").Click();

        Assert.Contains("root@example.com is the last active admin", page.Find("[role=alert]").TextContent);
        Assert.False(_accounts.Get(_me.Id).Disabled);
        Assert.Contains("(you)", page.Find("tbody").TextContent);
    }

    [Fact]
    public void ShowsAConflictWhenSomeoneElseChangedTheAccountFirst()
    {
        var alice = _accounts.Create("alice@example.com", StaffRoles.Editor, Password, _me.Email);
        var page = Render<Accounts>();
        _accounts.SetDisabled(alice.Id, alice.Version, true, "someone-else@example.com");

        page.FindAll("tbody button").Single(b => b.TextContent == "Make admin").Click();

        Assert.Contains("changed by someone else", page.Find("[role=alert]").TextContent);
        Assert.Equal(StaffRoles.Editor, _accounts.Get(alice.Id).Role);
        Assert.Contains("disabled", page.Find("tbody").TextContent);
    }

    [Fact]
    public void RefusesAShortResetPasswordWithTheReason()
    {
        var page = Render<Accounts>();

        page.Find("tbody button:last-child").Click();
        page.Find("#reset-password").Change("short");
        page.Find("#reset-password").Closest("form")!.Submit();

        Assert.Contains("Password is too short", page.Find("[role=alert]").TextContent);
    }

    [Fact]
    public void MarksAnExternalAccountAndOffersToDisableItButNoPasswordOrRole()
    {
        var setup = new StatusHub.Staff.Oidc.OidcSetup(new StatusHub.Staff.Oidc.OidcOptions { Authority = "https://login.example.com", AdminValues = ["admins"] }, null);
        var external = new StatusHub.Staff.Oidc.ExternalStaffAccounts(_store.Store, _store.Time, new StaffSessions(_store.Store, _store.Time), setup);
        var bob = external.SignIn(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("iss", "https://login.example.com"), new Claim("sub", "b-1"), new Claim("email", "bob@example.com"), new Claim("name", "Bob"), new Claim("groups", "admins")], "oidc")), "tests").Account!;
        var page = Render<Accounts>();

        var row = page.FindAll("tbody tr").Single(r => r.TextContent.Contains("bob@example.com", StringComparison.Ordinal));
        Assert.Contains("external · Bob", row.TextContent);
        Assert.DoesNotContain(row.QuerySelectorAll("button"), b => b.TextContent.StartsWith("Make", StringComparison.Ordinal) || b.TextContent.StartsWith("Reset", StringComparison.Ordinal));
        page.FindAll("tbody tr").Single(r => r.TextContent.Contains("bob@example.com", StringComparison.Ordinal)).QuerySelectorAll("button").Single(b => b.TextContent == "Disable").Click();

        Assert.True(_accounts.Get(bob.Id).Disabled);
        Assert.DoesNotContain("external", page.FindAll("tbody tr").Single(r => r.TextContent.Contains("root@example.com", StringComparison.Ordinal)).TextContent);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }
}
