using StatusHub.Audit;
using StatusHub.Staff;
using StatusHub.Staff.Telegram;
using StatusHub.Storage;

namespace StatusHub.Tests.Staff.Telegram;

public class TelegramStaffTests
{
    private const long Alice = 1001;
    private const string Admin = "root@example.com";

    private static List<AuditEntry> Audit(TestStore store) => store.Store.Collection<AuditEntry>().FindAll().OrderBy(e => e.At).ThenBy(e => e.Id).ToList();

    [Fact]
    public void ActsAsTheLinkedAccountOnlyWhileTheUserIsAllowedAndTheAccountEnabled()
    {
        using var store = new TestStore();
        var staff = store.Get<TelegramStaff>();
        var accounts = store.Get<StaffAccountService>();
        var alice = accounts.Create("alice@example.com", StaffRoles.Editor, "correct horse battery staple", Admin);

        Assert.Throws<ValidationException>(() => staff.Link(Alice, "alice", alice.Id, "alice@example.com"));
        staff.Allow(Alice, Admin);
        Assert.Null(staff.FindLinked(Alice));
        staff.Link(Alice, "alice", alice.Id, "alice@example.com");
        Assert.Equal("alice@example.com", staff.FindLinked(Alice)?.Email);

        accounts.SetDisabled(alice.Id, alice.Version, true, Admin);
        Assert.Null(staff.FindLinked(Alice));
        accounts.SetDisabled(alice.Id, alice.Version + 1, false, Admin);
        staff.Disallow(Alice, Admin);
        Assert.Null(staff.FindLinked(Alice));

        Assert.Equal(
            ["telegram.staff-allowed", "telegram.staff-linked", "telegram.staff-disallowed"],
            Audit(store).Where(e => e.Action.StartsWith("telegram.", StringComparison.Ordinal)).Select(e => e.Action));
    }

    [Fact]
    public void AuditsARefusedUserOncePerIntervalHoweverOftenTheyTry()
    {
        using var store = new TestStore();
        var staff = store.Get<TelegramStaff>();

        for (var i = 0; i < 50; i++)
        {
            staff.Refused(6666, "mallory", 6666, "/resolve\u0007 everything");
        }

        store.Time.Advance(TelegramStaff.RefusalAuditInterval);
        staff.Refused(6666, "mallory", 6666, "/incident");

        var refused = Audit(store).Where(e => e.Action == "telegram.staff-refused").ToList();
        Assert.Equal(2, refused.Count);
        Assert.Equal("@mallory, not on the allow-list, chat 6666: /resolve everything", refused[0].Details);
        Assert.Equal(TelegramStaff.AuditSubject(6666), refused[0].Subject);
    }
}
