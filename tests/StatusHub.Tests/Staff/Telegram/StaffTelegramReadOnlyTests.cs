using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels.Templates;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>
/// In read-only mode a staff command or button answers with the same sentence as the staff pages, and changes nothing;
/// anyone else is told politely, in their language, naming no one and no reason.
/// </summary>
public sealed class StaffTelegramReadOnlyTests
{
    private const long Alice = 5001;

    [Fact]
    public async Task AStaffCommandAndAPublishButtonAnswerTheReadOnlySentenceAndChangeNothing()
    {
        await using var sink = new SmtpSink();
        await using var bot = await TelegramBotApp.StartWithStaffChatAsync(sink, StaffChat.StaffChatId, ("Email:Recipients:0", "customers@example.org"));
        bot.CreateComponent("Webmail");
        StaffChat.Link(bot, Alice, "alice@example.com");
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);
        var preview = (await alice.SayAsync("/component webmail major_outage")).Single();
        var state = bot.App.Services.GetRequiredService<ReadOnlyMode>().SwitchOn("root@example.com", "restoring a backup");

        var tap = await alice.TapAsync(preview, "✅ Publish");
        var answer = (await alice.SayAsync("/incident")).Single();

        Assert.Equal(state.Sentence, alice.AnswerTo(tap));
        Assert.Equal(state.Sentence, WebUtility.HtmlDecode(answer.Text));
        Assert.Equal(ComponentStatus.Operational, bot.App.Services.GetRequiredService<ComponentService>().All().Single().Status);
    }

    [Fact]
    public async Task ACommandThatAsksQuestionsIsRefusedBeforeTheFirstAndAnAnswerBeforeTheNext()
    {
        await using var sink = new SmtpSink();
        await using var bot = await TelegramBotApp.StartWithStaffChatAsync(sink, StaffChat.StaffChatId, ("Email:Recipients:0", "customers@example.org"));
        StaffChat.Link(bot, Alice, "alice@example.com");
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);
        var title = (await alice.SayAsync("/maintenance")).Single();
        var state = bot.App.Services.GetRequiredService<ReadOnlyMode>().SwitchOn("root@example.com", "restoring a backup");

        var answered = await alice.AnswerAsync(title, "Database upgrade");
        var started = (await alice.SayAsync("/maintenance")).Single();

        Assert.Equal(state.Sentence, WebUtility.HtmlDecode(answered.Text));
        Assert.Equal(state.Sentence, WebUtility.HtmlDecode(started.Text));
    }

    [Fact]
    public async Task ACustomerIsToldPolitelyInTheirLanguageWithoutWhoSwitchedItOnOrWhy()
    {
        await using var sink = new SmtpSink();
        await using var bot = await TelegramBotApp.StartWithStaffChatAsync(sink, StaffChat.StaffChatId);
        StaffChat.Link(bot, Alice, "alice@example.com");
        var state = bot.App.Services.GetRequiredService<ReadOnlyMode>().SwitchOn("root@example.com", "restoring db01; call Alice +49 170 0000000");

        var message = await bot.SayAsync("My invoices do not load.", languageCode: "de");
        var start = await bot.SayAsync("/start", chat: "4343");
        var staffAnswer = (await new StaffChat(bot, "5001", Alice).SayAsync("/incident")).Single();

        Assert.Equal(MessageWords.Get("bot.read_only", "de"), WebUtility.HtmlDecode(message.Text));
        Assert.Equal(MessageWords.Get("bot.read_only", "en"), WebUtility.HtmlDecode(start.Text));
        Assert.All(new[] { message, start }, answer => Assert.DoesNotContain("root@example.com", answer.Text));
        Assert.All(new[] { message, start }, answer => Assert.DoesNotContain("db01", answer.Text));
        Assert.Equal(state.Sentence, WebUtility.HtmlDecode(staffAnswer.Text));
        Assert.Null(bot.Subscriber("4343"));
    }
}
