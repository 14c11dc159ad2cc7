using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>In read-only mode a staff command or button answers with the same sentence as the staff pages, and changes nothing.</summary>
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
}
