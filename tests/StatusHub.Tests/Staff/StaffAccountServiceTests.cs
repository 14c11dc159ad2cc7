using StatusHub.Audit;
using StatusHub.Staff;
using StatusHub.Storage;

namespace StatusHub.Tests.Staff;

public class StaffAccountServiceTests
{
    private const string Password = "correct horse battery staple";
    private const string Admin = "root@example.com";

    private static StaffAccountService Accounts(TestStore store) => new(store.Store, store.Time, new SignInBackOff(store.Time), new StaffSessions(store.Store, store.Time));

    private static List<AuditEntry> Audit(TestStore store) => store.Store.Collection<AuditEntry>().FindAll().OrderBy(e => e.At).ThenBy(e => e.Id).ToList();

    [Fact]
    public void StoresAHashThatOnlyTheRightPasswordMatches()
    {
        using var store = new TestStore();
        var accounts = Accounts(store);

        var account = accounts.Create("Alice@Example.com ", StaffRoles.Editor, Password, Admin);

        Assert.Equal("alice@example.com", account.Email);
        Assert.DoesNotContain("horse", account.PasswordHash);
        Assert.Equal(1, account.Version);
        Assert.Equal(SignInOutcome.Rejected, accounts.SignIn("alice@example.com", "correct horse battery stapl", "test").Outcome);
        Assert.Equal(SignInOutcome.SignedIn, accounts.SignIn("ALICE@example.com", Password, "test").Outcome);
    }

    [Fact]
    public void LeavesThePublicPageAsItIsWhileStaffAccountsChange()
    {
        using var store = new TestStore();
        using var snapshots = store.Snapshots();
        var version = snapshots.Current.ContentVersion;
        var accounts = Accounts(store);

        var account = accounts.Create("alice@example.com", StaffRoles.Editor, Password, Admin);
        accounts.SignIn("alice@example.com", Password, "test");
        accounts.SignIn("alice@example.com", "not the password at all", "test");
        accounts.ResetPassword(account.Id, account.Version + 1, "another long passphrase", Admin);

        // Nothing public changed: no rebuild, so neither the live page's cache nor the static export starts over.
        Assert.Equal(version, snapshots.Current.ContentVersion);
    }

    [Fact]
    public void RefusesADuplicateEmailWhateverItsCase()
    {
        using var store = new TestStore();
        var accounts = Accounts(store);
        accounts.Create("alice@example.com", StaffRoles.Editor, Password, Admin);

        var error = Assert.Throws<ValidationException>(() => accounts.Create("ALICE@example.com", StaffRoles.Admin, Password, Admin));

        Assert.Equal("There is already a staff account for alice@example.com.", error.Message);
        Assert.Single(accounts.All());
    }

    [Theory]
    [InlineData("", "Password is required.")]
    [InlineData("short pass", "Password is too short: 10 characters, at least 12.")]
    [InlineData("alice@example.com", "Password must not be the email address.")]
    public void RefusesAPasswordThatBreaksThePolicy(string password, string message)
    {
        using var store = new TestStore();

        var error = Assert.Throws<ValidationException>(() => Accounts(store).Create("alice@example.com", StaffRoles.Editor, password, Admin));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void RefusesAnOverLongPassword()
    {
        using var store = new TestStore();

        var error = Assert.Throws<ValidationException>(() => Accounts(store).Create("alice@example.com", StaffRoles.Editor, new string('x', 257), Admin));

        Assert.Equal("Password is too long: 257 characters, at most 256.", error.Message);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("alice smith@example.com")]
    [InlineData("Alice <alice@example.com>")]
    public void RefusesSomethingThatIsNotAnEmailAddress(string email)
    {
        using var store = new TestStore();

        var error = Assert.Throws<ValidationException>(() => Accounts(store).Create(email, StaffRoles.Editor, Password, Admin));

        Assert.Contains("is not an email address", error.Message);
    }

    [Fact]
    public void RefusesAnOverLongEmail()
    {
        using var store = new TestStore();

        var error = Assert.Throws<ValidationException>(() => Accounts(store).Create(new string('a', 250) + "@example.com", StaffRoles.Editor, Password, Admin));

        Assert.Contains($"at most {StaffAccount.MaxEmailLength}", error.Message);
    }

    [Fact]
    public void RefusesAnUnknownRole()
    {
        using var store = new TestStore();

        var error = Assert.Throws<ValidationException>(() => Accounts(store).Create("alice@example.com", "owner", Password, Admin));

        Assert.Equal("Role must be \"admin\" or \"editor\", not \"owner\".", error.Message);
    }

    [Fact]
    public void RefusesToDemoteOrDisableTheLastActiveAdmin()
    {
        using var store = new TestStore();
        var accounts = Accounts(store);
        var admin = accounts.Create(Admin, StaffRoles.Admin, Password, "setup");
        var disabledAdmin = accounts.Create("old-admin@example.com", StaffRoles.Admin, Password, Admin);
        accounts.SetDisabled(disabledAdmin.Id, disabledAdmin.Version, true, Admin);

        var demote = Assert.Throws<ValidationException>(() => accounts.ChangeRole(admin.Id, admin.Version, StaffRoles.Editor, Admin));
        var disable = Assert.Throws<ValidationException>(() => accounts.SetDisabled(admin.Id, admin.Version, true, Admin));

        Assert.Contains("root@example.com is the last active admin", demote.Message);
        Assert.Equal(demote.Message, disable.Message);
        Assert.True(accounts.Get(admin.Id).IsActiveAdmin);
    }

    [Fact]
    public void LetsAnAdminStepDownWhileAnotherAdminIsActive()
    {
        using var store = new TestStore();
        var accounts = Accounts(store);
        var first = accounts.Create(Admin, StaffRoles.Admin, Password, "setup");
        accounts.Create("second@example.com", StaffRoles.Admin, Password, Admin);

        var demoted = accounts.ChangeRole(first.Id, first.Version, StaffRoles.Editor, Admin);

        Assert.Equal(StaffRoles.Editor, demoted.Role);
        Assert.Equal(2, demoted.Version);
        var entry = Audit(store).Last();
        Assert.Equal(("staff.role-changed", "staff:root@example.com", "admin → editor", Admin), (entry.Action, entry.Subject, entry.Details, entry.Actor));
    }

    [Fact]
    public void TwoAdminsChangingTheSameAccountConflict()
    {
        using var store = new TestStore();
        var accounts = Accounts(store);
        accounts.Create(Admin, StaffRoles.Admin, Password, "setup");
        var seen = accounts.Create("alice@example.com", StaffRoles.Editor, Password, Admin);
        accounts.SetDisabled(seen.Id, seen.Version, true, Admin);

        Assert.Throws<ConcurrencyConflictException>(() => accounts.ChangeRole(seen.Id, seen.Version, StaffRoles.Admin, "other@example.com"));

        Assert.Equal(StaffRoles.Editor, accounts.Get(seen.Id).Role);
    }

    [Fact]
    public void ResetsAPasswordSoOnlyTheNewOneWorks()
    {
        using var store = new TestStore();
        var accounts = Accounts(store);
        var alice = accounts.Create("alice@example.com", StaffRoles.Editor, Password, Admin);

        accounts.ResetPassword(alice.Id, alice.Version, "a brand new passphrase", Admin);

        Assert.Equal(SignInOutcome.Rejected, accounts.SignIn("alice@example.com", Password, "test").Outcome);
        Assert.Equal(SignInOutcome.SignedIn, accounts.SignIn("alice@example.com", "a brand new passphrase", "test").Outcome);
    }

    [Fact]
    public void RejectsSignInOfADisabledAccountGivenTheRightPassword()
    {
        using var store = new TestStore();
        var accounts = Accounts(store);
        var alice = accounts.Create("alice@example.com", StaffRoles.Editor, Password, Admin);
        accounts.SetDisabled(alice.Id, alice.Version, true, Admin);

        var result = accounts.SignIn("alice@example.com", Password, "test");

        Assert.Equal(SignInOutcome.Rejected, result.Outcome);
        Assert.Equal("account disabled", Audit(store).Last().Details);
    }

    [Fact]
    public void RecordsSignInsAndFailuresWithoutThePassword()
    {
        using var store = new TestStore();
        var accounts = Accounts(store);
        accounts.Create("alice@example.com", StaffRoles.Editor, Password, Admin);

        accounts.SignIn("alice@example.com", "wrong horse battery staple", "192.0.2.1");
        accounts.SignIn("nobody@example.com", "wrong horse battery staple", "192.0.2.1");
        var signedIn = accounts.SignIn("alice@example.com", Password, "192.0.2.1").Account!;

        Assert.Equal(store.Now, signedIn.LastSignInAt);
        var entries = Audit(store).Skip(1).ToList();
        Assert.Equal(
            [
                ("192.0.2.1", "staff.sign-in-failed", "staff:alice@example.com", "wrong password"),
                ("192.0.2.1", "staff.sign-in-failed", "staff:nobody@example.com", "no such account"),
                ("alice@example.com", "staff.signed-in", "staff:alice@example.com", "from 192.0.2.1"),
            ],
            entries.Select(e => (e.Actor, e.Action, e.Subject, e.Details)));
        Assert.DoesNotContain(entries, e => e.Details.Contains("horse", StringComparison.Ordinal));
    }

    [Fact]
    public void BacksOffAnEmailAfterRepeatedFailuresEvenForTheRightPassword()
    {
        using var store = new TestStore();
        var accounts = Accounts(store);
        accounts.Create("alice@example.com", StaffRoles.Editor, Password, Admin);
        for (var i = 0; i < SignInBackOff.FreeFailures; i++)
        {
            Assert.Equal(SignInOutcome.Rejected, accounts.SignIn("alice@example.com", "guess number " + i, "test").Outcome);
        }

        var throttled = accounts.SignIn("alice@example.com", Password, "test");
        store.Time.Advance(SignInBackOff.FirstPause);
        var later = accounts.SignIn("alice@example.com", Password, "test");

        Assert.Equal(SignInOutcome.Throttled, throttled.Outcome);
        Assert.Equal(SignInBackOff.FirstPause, throttled.RetryAfter);
        Assert.Equal(SignInOutcome.SignedIn, later.Outcome);
    }

    [Fact]
    public void BacksOffAnUnknownEmailJustLikeAKnownOne()
    {
        using var store = new TestStore();
        var accounts = Accounts(store);
        for (var i = 0; i < SignInBackOff.FreeFailures; i++)
        {
            accounts.SignIn("nobody@example.com", "guess number " + i, "test");
        }

        Assert.Equal(SignInOutcome.Throttled, accounts.SignIn("nobody@example.com", "one more guess", "test").Outcome);
    }
}
