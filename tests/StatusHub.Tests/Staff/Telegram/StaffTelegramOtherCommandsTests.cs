using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>/component, /maintenance, /outbox and /help from Telegram, each write previewed and audited under the person.</summary>
public sealed class StaffTelegramOtherCommandsTests
{
    private const long Alice = 5001;
    private const string AliceEmail = "alice@example.com";
    private const string Customer = "customers@example.org";

    private static async Task<(TelegramBotApp Bot, SmtpSink Sink, StaffChat Alice)> StartAsync(string pageZone = "UTC")
    {
        var sink = new SmtpSink();
        var bot = await TelegramBotApp.StartWithStaffChatAsync(
            sink,
            StaffChat.StaffChatId,
            ("Email:Recipients:0", Customer),
            ("StatusPage:TimeZone", pageZone));
        bot.CreateComponent("Outbound mail");
        bot.CreateComponent("Webmail");
        StaffChat.Link(bot, Alice, AliceEmail);
        return (bot, sink, new StaffChat(bot, StaffChat.StaffChatId, Alice));
    }

    /// <summary>The day after tomorrow at <paramref name="hour"/>:00 on the clocks of <paramref name="zone"/>.</summary>
    private static DateTime TwoDaysAheadAt(TelegramBotApp bot, TimeZoneInfo zone, int hour)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(bot.Time.GetUtcNow().UtcDateTime.AddDays(2), zone);
        return new DateTime(local.Year, local.Month, local.Day, hour, 0, 0, DateTimeKind.Unspecified);
    }

    private static List<AuditEntry> Audit(TelegramBotApp bot) => bot.App.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().FindAll().ToList();

    private static StatusComponent Component(TelegramBotApp bot, string name) =>
        bot.App.Services.GetRequiredService<ComponentService>().All().Single(c => c.Name == name);

    [Fact]
    public async Task ComponentSetsAStatusByNameAndAsksWhenTheNameIsAmbiguous()
    {
        var (bot, sink, alice) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        var preview = (await alice.SayAsync("/component WEBMAIL major_outage")).Single();
        Assert.Contains("operational → <b>major outage</b>", preview.Text);
        await alice.TapAsync(preview, "✅ Publish");
        var pick = (await alice.SayAsync("/component mail partial_outage")).Single();
        Assert.Equal(["Outbound mail: Operational", "Webmail: Major outage", "Cancel"], StaffChat.Buttons(pick).Select(b => b.Label));
        await alice.TapAsync(pick, "Outbound mail");
        await alice.TapAsync(alice.Messages[^1], "✅ Publish");

        Assert.Equal(ComponentStatus.MajorOutage, Component(bot, "Webmail").Status);
        Assert.Equal(ComponentStatus.PartialOutage, Component(bot, "Outbound mail").Status);
        Assert.Equal(2, Audit(bot).Count(e => e.Action == "component.updated" && e.Actor == AliceEmail));
    }

    [Fact]
    public async Task CancelInAPrivateChatAnswersThereAndTellsTheStaffChatWithoutReplyingToAnotherChatsMessage()
    {
        var (bot, sink, alice) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        await alice.SayAsync("/maintenance");
        var privately = new StaffChat(bot, Alice.ToString(CultureInfo.InvariantCulture), Alice);

        var answer = Assert.Single(await privately.SayAsync("/cancel"));

        Assert.Equal("✖️ Your /maintenance in the other chat is cancelled: nothing was published.", answer.Text);
        var told = alice.Messages[^1];
        Assert.Equal("✖️ /maintenance cancelled: nothing was published.", told.Text);
        Assert.Null(told.Body["reply_parameters"]);
        Assert.Single(await alice.SayAsync("/cancel"), m => m.Text == "There is nothing to cancel.");
    }

    [Fact]
    public async Task MaintenanceIsScheduledInTheStaffMembersTimeZone()
    {
        var (bot, sink, alice) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var startLocal = TwoDaysAheadAt(bot, berlin, 14);

        var title = (await alice.SayAsync("/maintenance")).Single();
        var starts = await alice.AnswerAsync(title, "Database upgrade");
        var wrong = await alice.AnswerAsync(starts, "tomorrow at two");
        Assert.Contains("is not a date and time I can read. Write it as 2026-12-05 14:00 (UTC)", wrong.Text);
        var ends = await alice.AnswerAsync(wrong, startLocal.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " Europe/Berlin");
        var components = await alice.AnswerAsync(ends, "+2h");
        await alice.TapAsync(components, "▫️ Webmail");
        await alice.TapAsync(components, "✔ Done");
        var preview = await alice.AnswerAsync(alice.Messages[^1], "-");
        Assert.Contains("Europe/Berlin", preview.Text);
        await alice.TapAsync(preview, "✅ Publish");

        var scheduled = Assert.Single(bot.App.Services.GetRequiredService<MaintenanceService>().All());
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(startLocal, berlin), scheduled.StartsAt);
        Assert.Equal(scheduled.StartsAt.AddHours(2), scheduled.EndsAt);
        Assert.Equal([Component(bot, "Webmail").Id], scheduled.ComponentIds);
        Assert.Single(Audit(bot), e => e.Action == "maintenance.scheduled" && e.Actor == AliceEmail);
        Assert.Single(await sink.WaitForAsync(1));
    }

    [Fact]
    public async Task OnAPageWithItsOwnZoneATimeWithoutAZoneIsInThePagesZone()
    {
        var (bot, sink, alice) = await StartAsync("America/New_York");
        await using var _ = bot;
        await using var __ = sink;
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var startLocal = TwoDaysAheadAt(bot, newYork, 22);

        var title = (await alice.SayAsync("/maintenance")).Single();
        var starts = await alice.AnswerAsync(title, "Database upgrade");
        Assert.Contains("Write it as <code>2026-12-05 14:00</code> (America/New_York) or <code>2026-12-05 14:00 UTC</code>", starts.Text);
        var ends = await alice.AnswerAsync(starts, startLocal.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        Assert.Contains("in America/New_York unless you name a zone", ends.Text);
        var components = await alice.AnswerAsync(ends, "+90m");
        await alice.TapAsync(components, "▫️ Webmail");
        await alice.TapAsync(components, "✔ Done");
        var preview = await alice.AnswerAsync(alice.Messages[^1], "-");
        await alice.TapAsync(preview, "✅ Publish");

        var scheduled = Assert.Single(bot.App.Services.GetRequiredService<MaintenanceService>().All());
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(startLocal, newYork), scheduled.StartsAt);
        Assert.Equal(scheduled.StartsAt.AddMinutes(90), scheduled.EndsAt);
    }

    [Fact]
    public async Task AnEndThatCannotBeIsRefusedWhenItIsTypedNotAtPublish()
    {
        var (bot, sink, alice) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var today = bot.Time.GetUtcNow().UtcDateTime.Date;

        var title = (await alice.SayAsync("/maintenance")).Single();
        var starts = await alice.AnswerAsync(title, "Database upgrade");
        var ends = await alice.AnswerAsync(starts, today.AddDays(-2).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        var over = await alice.AnswerAsync(ends, "+1h");
        Assert.Contains("The window has already ended", over.Text);
        var before = await alice.AnswerAsync(over, today.AddDays(-3).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        Assert.Contains("before it starts", before.Text);

        var components = await alice.AnswerAsync(before, "+30d");
        Assert.Contains("at most 14 days", components.Text);
        Assert.Empty(bot.App.Services.GetRequiredService<MaintenanceService>().All());
    }

    [Fact]
    public async Task AListLongerThanAKeyboardIsPagedSoTheFortyFifthComponentCanBeChosen()
    {
        var (bot, sink, alice) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        for (var i = bot.App.Services.GetRequiredService<ComponentService>().All().Count + 1; i <= 45; i++)
        {
            bot.CreateComponent($"Mail node {i:00}");
        }

        var title = (await alice.SayAsync("/maintenance")).Single();
        var starts = await alice.AnswerAsync(title, "Node upgrade");
        var ends = await alice.AnswerAsync(starts, bot.Time.GetUtcNow().UtcDateTime.AddDays(1).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        var components = await alice.AnswerAsync(ends, "+1h");
        var first = StaffChat.Buttons(components).Select(b => b.Label).ToList();
        Assert.Equal(30 + 3, first.Count);
        Assert.Equal(["✔ Done", "More › (31–45 of 45)", "Cancel"], first[^3..]);

        await alice.TapAsync(components, "More ›");
        var second = alice.WithLatestButtons(components);
        Assert.Equal(15 + 3, StaffChat.Buttons(second).Count);
        await alice.TapAsync(second, "▫️ Mail node 45");
        Assert.Contains(StaffChat.Buttons(alice.WithLatestButtons(components)), b => b.Label == "✅ Mail node 45");
        Assert.Contains(StaffChat.Buttons(alice.WithLatestButtons(components)), b => b.Label == "‹ Back");
        await alice.TapAsync(alice.WithLatestButtons(components), "✔ Done");
        var preview = await alice.AnswerAsync(alice.Messages[^1], "-");

        Assert.Contains("Components: Mail node 45", preview.Text);
    }

    [Fact]
    public async Task AQuestionWithOnlyItsAlwaysShownButtonsIsStillAsked()
    {
        await using var sink = new SmtpSink();
        await using var bot = await TelegramBotApp.StartWithStaffChatAsync(sink, StaffChat.StaffChatId, ("Email:Recipients:0", Customer));
        StaffChat.Link(bot, Alice, AliceEmail);
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);

        var template = (await alice.SayAsync("/incident")).Single();
        await alice.TapAsync(template, "No template");
        await alice.TapAsync(alice.Messages[^1], "From the components");
        var components = alice.Messages[^1];

        Assert.Equal(["✔ Done", "Cancel"], StaffChat.Buttons(components).Select(b => b.Label));
        await alice.TapAsync(components, "✔ Done");
        Assert.True(StaffChat.AsksForReply(alice.Messages[^1]));
    }

    [Fact]
    public async Task OutboxShowsDeadLettersAndRetriesOneAsThePerson()
    {
        var (bot, sink, alice) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        sink.Reject(Customer, 550);
        bot.OpenIncident("Webmail down");
        await bot.Api.WaitForAsync(_ => bot.App.Services.GetRequiredService<StatusHub.Channels.Outbox.OutboxReadModel>().DeadLetters().Count == 1);
        sink.Accept(Customer);

        var outbox = (await alice.SayAsync("/outbox")).Single();
        Assert.Contains("dead letters 1", outbox.Text);
        await alice.TapAsync(outbox, "Retry 1");
        var again = await alice.TapAsync(outbox, "Retry 1");

        Assert.Single(await sink.WaitForAsync(1));
        Assert.Equal("This was done already.", alice.AnswerTo(again));
        Assert.Single(Audit(bot), e => e.Action == "delivery.retried" && e.Actor == AliceEmail);
    }

    [Fact]
    public async Task HelpListsTheStaffCommandsOnlyForLinkedStaff()
    {
        var (bot, sink, alice) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var stranger = new StaffChat(bot, "7777", 7777);

        var staffHelp = (await alice.SayAsync("/help")).Single();
        var publicHelp = (await stranger.SayAsync("/help")).Single();
        var refused = (await stranger.SayAsync("/incident")).Single();

        Assert.Contains("/incident", staffHelp.Text);
        Assert.DoesNotContain("/incident", publicHelp.Text);
        Assert.DoesNotContain("/incident", refused.Text);
        Assert.Contains("/status", refused.Text);
    }
}
