using Bunit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatusHub.Audit;
using StatusHub.Components.Forms;
using StatusHub.Staff;
using StatusHub.Staff.Telegram;
using StatusHub.Staff.Telegram.Pages;
using StatusHub.Storage;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>The allow-list editor: an admin adds and removes ids, unlinks, and allows someone who was refused.</summary>
public sealed class TelegramStaffAdminTests : BunitContext
{
    private const string Admin = "root@example.com";
    private const long Configured = 2002;

    private readonly TempFolder _data = new();
    private readonly WebApplication _app;

    public TelegramStaffAdminTests()
    {
        _app = AppServices.Build(
            new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path, ["Telegram:StaffUserIds:0"] = "2002" },
            new FakeTimeProvider(TestStore.Start));
        Services.AddSingleton(Get<TelegramStaff>());
        Services.AddSingleton(Get<StaffAccountService>());
        AddAuthorization().SetAuthorized(Admin).SetRoles(StaffRoles.Admin).SetPolicies(StaffRoles.StaffPolicy, StaffRoles.AdminPolicy);
        JSInterop.SetUpStaffBrowser(new BrowserZone("UTC", 0));
    }

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private TelegramStaff Staff => Get<TelegramStaff>();

    private List<string> Audit() =>
        [.. Get<LiteStore>().Collection<AuditEntry>().FindAll().Where(e => e.Action.StartsWith("telegram.", StringComparison.Ordinal)).OrderBy(e => e.Id).Select(e => $"{e.Action} {e.Actor} {e.Subject}")];

    [Fact]
    public void AllowsATypedIdAndRemovesItAgainWithAuditEntries()
    {
        var page = Render<TelegramStaffAdmin>();

        page.Find("#telegram-user-id").Change(" 1001 ");
        page.Find("#allow-telegram-user").Submit();

        Assert.True(Staff.IsAllowed(1001));
        Assert.Contains("Allowed 1001", page.Find("[role=status]").TextContent);
        Assert.Contains("added by root@example.com", page.Find("tr[data-telegram-user='1001']").TextContent);

        page.Find("tr[data-telegram-user='1001'] button.remove").Click();

        Assert.False(Staff.IsAllowed(1001));
        Assert.Empty(page.FindAll("tr[data-telegram-user='1001']"));
        Assert.Equal(["telegram.staff-allowed root@example.com telegram-user:1001", "telegram.staff-disallowed root@example.com telegram-user:1001"], Audit());
    }

    [Theory]
    [InlineData("", "Enter the Telegram user id")]
    [InlineData("@alice", "positive number")]
    [InlineData("-1001234567890", "positive number")]
    [InlineData("0", "positive number")]
    [InlineData("123456789012345678901", "positive number")]
    [InlineData("1001; drop", "positive number")]
    [InlineData("2002", "allowed by configuration")]
    public void RefusesWhatIsNotAnIdToAddWithAClearErrorAndStoresNothing(string typed, string error)
    {
        var page = Render<TelegramStaffAdmin>();

        page.Find("#telegram-user-id").Change(typed);
        page.Find("#allow-telegram-user").Submit();

        Assert.Contains(error, page.Find("[role=alert]").TextContent);
        Assert.Empty(Staff.StoredAllowances());
        Assert.Empty(Audit());
    }

    [Fact]
    public void ShowsConfiguredIdsReadOnlyAndEachLinkWithUnlink()
    {
        var alice = Get<StaffAccountService>().Create("alice@example.com", StaffRoles.Editor, StaffSignIn.Password, Admin);
        Staff.Link(Configured, "alice_t", alice.Id, alice.Email);
        var page = Render<TelegramStaffAdmin>();

        var row = page.Find($"tr[data-telegram-user='{Configured}']");
        Assert.Contains("from configuration", row.TextContent);
        Assert.Contains("alice@example.com, @alice_t", row.TextContent);
        Assert.Null(row.QuerySelector("button.remove"));

        row.QuerySelector("button.unlink")!.Click();

        Assert.Null(Staff.LinkOf(Configured));
        Assert.Contains("not linked", page.Find($"tr[data-telegram-user='{Configured}']").TextContent);
        Assert.Equal("telegram.staff-unlinked root@example.com staff:alice@example.com", Audit()[^1]);
    }

    [Fact]
    public void ListsRefusedAttemptsNewestFirstAndAllowsOneOfThem()
    {
        var clock = (FakeTimeProvider)Get<TimeProvider>();
        Staff.Refused(6666, "mallory", 6666, "/link");
        clock.Advance(TimeSpan.FromMinutes(1));
        Staff.Refused(7777, "bob", -1003000000001, "/incident");
        var page = Render<TelegramStaffAdmin>();

        var rows = page.FindAll("table.telegram-refused tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("7777", rows[0].TextContent);
        Assert.Contains("@mallory, not on the allow-list, chat 6666: /link", rows[1].TextContent);

        rows[0].QuerySelector("button.allow-refused")!.Click();

        Assert.True(Staff.IsAllowed(7777));
        Assert.Null(page.FindAll("table.telegram-refused tbody tr")[0].QuerySelector("button.allow-refused"));
        Assert.Equal("telegram.staff-allowed root@example.com telegram-user:7777", Audit()[^1]);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            ((IDisposable)_app).Dispose();
            _data.Dispose();
        }
    }
}
