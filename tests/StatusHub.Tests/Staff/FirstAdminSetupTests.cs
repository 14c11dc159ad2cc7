using StatusHub.Staff;
using StatusHub.Storage;

namespace StatusHub.Tests.Staff;

public class FirstAdminSetupTests
{
    private const string Password = "correct horse battery staple";

    private static (FirstAdminSetup Setup, StaffAccountService Accounts) Services(TestStore store)
    {
        var accounts = new StaffAccountService(store.Store, store.Time, new SignInBackOff(store.Time), new StaffSessions(store.Store, store.Time));
        return (new FirstAdminSetup(store.Store, accounts, store.Time), accounts);
    }

    [Fact]
    public void CreatesTheFirstAdminOnceAndThenVoidsTheToken()
    {
        using var store = new TestStore();
        var (setup, accounts) = Services(store);
        var token = setup.IssueToken()!;

        var admin = setup.Complete(token, "Root@Example.com", Password, Password);

        Assert.Equal(("root@example.com", StaffRoles.Admin), (admin.Email, admin.Role));
        Assert.True(setup.IsDone);
        Assert.NotNull(setup.Problem(token));
        var again = Assert.Throws<ValidationException>(() => setup.Complete(token, "mallory@example.com", Password, Password));
        Assert.Contains("already done", again.Message);
        Assert.Single(accounts.All());
        Assert.Null(setup.IssueToken());
    }

    [Fact]
    public void AReadOnlyStoreWithAnAccountIssuesNoTokenAndIsNotAskedToWrite()
    {
        using var store = new TestStore();
        var (setup, accounts) = Services(store);
        accounts.Create("admin@example.com", StaffRoles.Admin, Password, "tests");
        new ReadOnlyMode(store.Store, store.Time).SwitchOn("admin@example.com", "restoring");

        Assert.Null(setup.IssueToken());
    }

    [Fact]
    public void KeepsOnlyAHashOfTheToken()
    {
        using var store = new TestStore();
        var (setup, _) = Services(store);

        var token = setup.IssueToken()!;

        Assert.Equal(43, token.Length);
        var stored = Assert.Single(store.Store.Collection<SetupToken>().FindAll());
        Assert.DoesNotContain(token, stored.Hash);
        Assert.Equal(store.Now + FirstAdminSetup.Lifetime, stored.ExpiresAt);
    }

    [Fact]
    public void RefusesAWrongOrReplacedToken()
    {
        using var store = new TestStore();
        var (setup, accounts) = Services(store);
        var first = setup.IssueToken()!;
        setup.IssueToken();

        var error = Assert.Throws<ValidationException>(() => setup.Complete(first, "root@example.com", Password, Password));

        Assert.Contains("not valid", error.Message);
        Assert.False(accounts.AnyExist());
    }

    [Fact]
    public void RefusesAnExpiredToken()
    {
        using var store = new TestStore();
        var (setup, _) = Services(store);
        var token = setup.IssueToken()!;
        store.Time.Advance(FirstAdminSetup.Lifetime);

        var error = Assert.Throws<ValidationException>(() => setup.Complete(token, "root@example.com", Password, Password));

        Assert.Contains("expired", error.Message);
    }

    [Fact]
    public void RefusesTwoDifferentPasswordsAndKeepsTheToken()
    {
        using var store = new TestStore();
        var (setup, _) = Services(store);
        var token = setup.IssueToken()!;

        var error = Assert.Throws<ValidationException>(() => setup.Complete(token, "root@example.com", Password, Password + "!"));

        Assert.Equal("The two passwords differ; type the same password twice.", error.Message);
        Assert.Null(setup.Problem(token));
    }
}
