using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusHub.Audit;
using StatusHub.Channels.Telegram;
using StatusHub.Staff;
using StatusHub.Staff.Telegram;
using StatusHub.Storage;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>Linking a Telegram user to a staff account with a code from the account page, over the fake Bot API.</summary>
public sealed class TelegramAccountLinkingTests
{
    private const long Alice = 1001;
    private const long Mallory = 6666;
    private const string Staffed = "-1003000000001";

    private static Task<TelegramBotApp> StartAsync() =>
        TelegramBotApp.StartAsync(("Telegram:StaffChatId", Staffed), ("Telegram:StaffUserIds:0", "1001"));

    private static TelegramStaff Staff(TelegramBotApp bot) => bot.App.Services.GetRequiredService<TelegramStaff>();

    private static List<AuditEntry> Audit(TelegramBotApp bot, string action) =>
        bot.App.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().Find(e => e.Action == action).ToList();

    [Fact]
    public async Task ACodeFromTheAccountPageLinksTheAllowListedSenderOnceAndIsAuditedUnderTheAccount()
    {
        await using var bot = await StartAsync();
        var account = bot.CreateAccount("alice@example.com");
        using var browser = await bot.SignInAsync(account);
        var code = await browser.IssueLinkCodeAsync();

        var linked = await bot.SayAsAsync(Alice, "alice", "/link " + code);
        var again = await bot.SayAsAsync(Alice, "alice", "/link " + code);

        Assert.Contains("Linked", linked.Text);
        Assert.Contains("alice@example.com", linked.Text);
        Assert.Equal("alice@example.com", Staff(bot).FindLinked(Alice)?.Email);
        Assert.Contains("used already", again.Text);
        var audit = Assert.Single(Audit(bot, "telegram.staff-linked"));
        Assert.Equal(("alice@example.com", StaffAccount.AuditSubject("alice@example.com")), (audit.Actor, audit.Subject));
        Assert.Equal("alice@example.com", Assert.Single(Audit(bot, "telegram.link-code-issued")).Actor);

        var page = await browser.GetStringAsync(TelegramAccountEndpoints.Path, TestContext.Current.CancellationToken);
        Assert.Contains("@alice, Telegram id <code>1001</code>", page);
    }

    [Fact]
    public async Task TheDeepLinkOnThePageLinksLikeTheCommand()
    {
        await using var bot = await StartAsync();
        using var browser = await bot.SignInAsync(bot.CreateAccount("alice@example.com"));
        var (_, html) = await browser.PostAccountTelegramAsync(("Action", TelegramAccountEndpoints.IssueAction));
        var start = System.Text.RegularExpressions.Regex.Match(html, $@"https://t\.me/{FakeTelegramBotApi.BotUsername}\?start=(link-[0-9A-Z-]+)""");
        Assert.True(start.Success, html);

        var linked = await bot.SayAsAsync(Alice, "alice", "/start " + start.Groups[1].Value);

        Assert.Contains("Linked", linked.Text);
        Assert.Equal("alice@example.com", Staff(bot).FindLinked(Alice)?.Email);
        Assert.Null(bot.Subscriber(Alice.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task WrongExpiredAndReplacedCodesLinkNothing()
    {
        await using var bot = await StartAsync();
        using var browser = await bot.SignInAsync(bot.CreateAccount("alice@example.com"));

        var wrong = await bot.SayAsAsync(Alice, "alice", "/link ABCDE-FGHJK");
        var expired = await browser.IssueLinkCodeAsync();
        bot.Time.Advance(TelegramLinkCodes.Lifetime);
        var tooLate = await bot.SayAsAsync(Alice, "alice", "/link " + expired);
        var replaced = await browser.IssueLinkCodeAsync();
        await browser.IssueLinkCodeAsync();
        var old = await bot.SayAsAsync(Alice, "alice", "/link " + replaced);
        var empty = await bot.SayAsAsync(Alice, "alice", "/link");

        Assert.Contains("not right", wrong.Text);
        Assert.Contains("expired", tooLate.Text);
        Assert.Contains("newer link code replaced", old.Text);
        Assert.Contains("/link ABCDE-FGHJK", empty.Text);
        Assert.Null(Staff(bot).FindLinked(Alice));
        Assert.Empty(Audit(bot, "telegram.staff-linked"));
    }

    [Fact]
    public async Task ACodeFromSomeoneNotOnTheAllowListLinksNothingAndAdminsSeeTheAttempt()
    {
        await using var bot = await StartAsync();
        using var browser = await bot.SignInAsync(bot.CreateAccount("alice@example.com"));
        var code = await browser.IssueLinkCodeAsync();

        var refused = await bot.SayAsAsync(Mallory, "mallory", "/link " + code);

        Assert.Contains("<code>6666</code> is not on the staff allow-list", refused.Text);
        Assert.Null(Staff(bot).LinkOf(Mallory));
        var attempt = Assert.Single(Staff(bot).RecentRefusals());
        Assert.Equal(TelegramStaff.AuditSubject(Mallory), attempt.Subject);
        Assert.Contains("@mallory, not on the allow-list", attempt.Details);

        // The code was not spent on the stranger: the person it was meant for can still use it.
        Assert.Contains("Linked", (await bot.SayAsAsync(Alice, "alice", "/link " + code)).Text);
    }

    [Fact]
    public async Task ACodeSentInAGroupIsRefusedAndNoLongerWorks()
    {
        await using var bot = await StartAsync();
        using var browser = await bot.SignInAsync(bot.CreateAccount("alice@example.com"));
        var code = await browser.IssueLinkCodeAsync();

        var inGroup = await bot.SayAsAsync(Alice, "alice", "/link " + code, chat: Staffed);
        var afterwards = await bot.SayAsAsync(Alice, "alice", "/link " + code);

        Assert.Contains("Never send a link code in a group", inGroup.Text);
        Assert.NotNull(inGroup.ReplyTo);
        Assert.Contains("sent in a group", afterwards.Text);
        Assert.Null(Staff(bot).FindLinked(Alice));
        Assert.Equal("telegram:1001", Assert.Single(Audit(bot, "telegram.link-code-voided")).Actor);
    }

    [Fact]
    public async Task LinkAttemptsAreLimitedPerTelegramUserSoCodesCannotBeGuessed()
    {
        await using var bot = await StartAsync();
        using var browser = await bot.SignInAsync(bot.CreateAccount("alice@example.com"));
        for (var i = 0; i < TelegramLinkAttempts.PerWindow; i++)
        {
            Assert.Contains("not right", (await bot.SayAsAsync(Alice, "alice", $"/link ABCDE-FGHJ{i}")).Text);
        }

        var code = await browser.IssueLinkCodeAsync();
        var limited = await bot.SayAsAsync(Alice, "alice", "/link " + code);

        Assert.Contains("Too many link attempts: wait 10 minutes", limited.Text);
        Assert.Null(Staff(bot).FindLinked(Alice));

        bot.Time.Advance(TelegramLinkAttempts.Window);
        Assert.Contains("Linked", (await bot.SayAsAsync(Alice, "alice", "/link " + await browser.IssueLinkCodeAsync())).Text);
    }

    [Fact]
    public async Task WhoAmITellsLinkedStaffWhoTheyAreAndAnyoneElseTheirIdAndHowToGetLinked()
    {
        await using var bot = await StartAsync();
        using var browser = await bot.SignInAsync(bot.CreateAccount("alice@example.com"));

        var stranger = await bot.SayAsAsync(Mallory, "mallory", "/whoami");
        var allowed = await bot.SayAsAsync(Alice, "alice", "/whoami");
        await bot.SayAsAsync(Alice, "alice", "/link " + await browser.IssueLinkCodeAsync());
        var linked = await bot.SayAsAsync(Alice, "alice", "/whoami");
        var inStaffChat = await bot.SayAsAsync(Alice, "alice", "/whoami", chat: Staffed);
        bot.Api.EnqueueMessageFrom(TelegramBotApp.Group, Alice, "/whoami", username: "alice");
        await bot.AllHandledAsync();

        Assert.Contains("Your Telegram id: <code>6666</code>\nNot linked", stranger.Text);
        Assert.Contains("ask an admin to allow this id", stranger.Text);
        Assert.Contains("Not linked", allowed.Text);
        Assert.Contains("/link command", allowed.Text);
        Assert.Equal("You are <b>alice@example.com</b> (editor) on StatusHub.\nYour Telegram id: <code>1001</code>", linked.Text);
        Assert.Equal(linked.Text, inStaffChat.Text);
        Assert.NotNull(inStaffChat.ReplyTo);
        Assert.DoesNotContain(bot.Api.Messages, m => m.ChatId == TelegramBotApp.Group);
        Assert.Empty(Staff(bot).RecentRefusals());
    }

    [Fact]
    public async Task AnotherAccountsLinkCannotBeRemovedFromYourAccountPage()
    {
        await using var bot = await StartAsync();
        using var alice = await bot.SignInAsync(bot.CreateAccount("alice@example.com"));
        using var bob = await bot.SignInAsync(bot.CreateAccount("bob@example.com"));
        await bot.SayAsAsync(Alice, "alice", "/link " + await alice.IssueLinkCodeAsync());

        var (status, html) = await bob.PostAccountTelegramAsync(("Action", TelegramAccountEndpoints.UnlinkAction), ("TelegramUserId", "1001"));
        var (bad, badHtml) = await alice.PostAccountTelegramAsync(("Action", TelegramAccountEndpoints.UnlinkAction), ("TelegramUserId", "<script>"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not linked to your account", html);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("positive number", badHtml);
        Assert.Equal("alice@example.com", Staff(bot).FindLinked(Alice)?.Email);

        var (unlinked, page) = await alice.PostAccountTelegramAsync(("Action", TelegramAccountEndpoints.UnlinkAction), ("TelegramUserId", "1001"));
        Assert.Equal(HttpStatusCode.OK, unlinked);
        Assert.Contains("Unlinked Telegram user 1001", page);
        Assert.Null(Staff(bot).FindLinked(Alice));
        Assert.Equal("alice@example.com", Assert.Single(Audit(bot, "telegram.staff-unlinked")).Actor);
    }

    [Fact]
    public async Task TheStaffChatIsFollowedIntoTheSupergroupItBecameAcrossARestart()
    {
        const string Supergroup = "-1003000000002";
        const string GroupSupergroup = "-1004000000002";
        await using var bot = await StartAsync();
        using var browser = await bot.SignInAsync(bot.CreateAccount("alice@example.com"));
        await bot.SayAsAsync(Alice, "alice", "/link " + await browser.IssueLinkCodeAsync());

        bot.Api.EnqueueGroupMigration(Staffed, Supergroup);
        bot.Api.EnqueueGroupMigration(TelegramBotApp.Group, GroupSupergroup);
        await bot.AllHandledAsync();
        await bot.RestartAsync();

        Assert.Equal(long.Parse(Supergroup, System.Globalization.CultureInfo.InvariantCulture), Staff(bot).StaffChatId());
        Assert.Contains("alice@example.com", (await bot.SayAsAsync(Alice, "alice", "/whoami", chat: Supergroup)).Text);
        // The discussion group's move, seen just after, is still the subscriber commands' to follow.
        Assert.StartsWith("<b>All Systems Operational</b>", (await bot.SayAsAsync(Alice, "alice", "/status", chat: GroupSupergroup)).Text);
        var moves = bot.App.Services.GetRequiredService<TelegramChatMoves>()
            .Unconfigured(bot.App.Services.GetRequiredService<IOptionsMonitor<TelegramOptions>>().CurrentValue);
        Assert.Equal(
            [("Telegram:GroupChatId", GroupSupergroup), ("Telegram:StaffChatId", Supergroup)],
            moves.Select(m => (m.Key, m.Move.To.ToString(System.Globalization.CultureInfo.InvariantCulture))).Order());
    }
}
