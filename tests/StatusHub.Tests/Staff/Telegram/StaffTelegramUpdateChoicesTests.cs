using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>What the web UI's update form offers besides the text, from a phone: the component statuses an update sets and the channels it goes to.</summary>
public sealed class StaffTelegramUpdateChoicesTests
{
    private const long Alice = 5001;

    [Fact]
    public async Task AnUpdateSetsAComponentBackToOperationalAndGoesOnlyToTheChannelsLeftTicked()
    {
        await using var sink = new SmtpSink();
        await using var bot = await TelegramBotApp.StartWithStaffChatAsync(sink, StaffChat.StaffChatId, ("Email:Recipients:0", "customers@example.org"));
        bot.CreateComponent("API");
        var mail = bot.CreateComponent("Outbound mail");
        var incidents = bot.App.Services.GetRequiredService<IncidentService>();
        var incident = incidents.Open(
            new NewIncident("Mail delayed", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.", null, new Dictionary<string, ComponentStatus> { [mail.Id] = ComponentStatus.DegradedPerformance })),
            "web@example.com");
        await sink.WaitForAsync(1);
        StaffChat.Link(bot, Alice, "alice@example.com");
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);

        await alice.TapAsync((await alice.SayAsync("/update")).Single(), "Mail delayed");
        await alice.TapAsync(alice.Messages[^1], "Monitoring");
        var components = alice.Messages[^1];
        Assert.Equal(["▫️ Outbound mail (now degraded performance)", "▫️ API"], StaffChat.Buttons(components).Take(2).Select(b => b.Label));
        await alice.TapAsync(components, "▫️ Outbound mail");
        Assert.Contains("🟢 Outbound mail: Operational", StaffChat.Buttons(alice.WithLatestButtons(components)).Select(b => b.Label));
        await alice.TapAsync(components, "✔ Done");
        var preview = await alice.AnswerAsync(alice.Messages[^1], "Mail flows again.");
        Assert.Contains("Components: Outbound mail degraded performance → operational", preview.Text);

        await alice.TapAsync(preview, "✏️ Edit");
        await alice.TapAsync(alice.Messages[^1], "Channels");
        var channels = alice.Messages[^1];
        await alice.TapAsync(channels, "✅ Backup email");
        Assert.Contains("▫️ Backup email", StaffChat.Buttons(alice.WithLatestButtons(channels)).Select(b => b.Label));
        await alice.TapAsync(channels, "✔ Done");
        var second = alice.Messages[^1];
        Assert.Contains("Backup email</b>: not chosen, nothing is sent", second.Text);
        Assert.Contains("Components: Outbound mail degraded performance → operational", second.Text);
        await alice.TapAsync(second, "✅ Publish");

        var updated = incidents.Get(incident.Id);
        Assert.Equal(IncidentStatus.Monitoring, updated.Status);
        Assert.Equal(ComponentStatus.Operational, updated.LatestUpdate!.ComponentStatuses[mail.Id]);
        Assert.Equal(ComponentStatus.Operational, bot.App.Services.GetRequiredService<ComponentService>().Get(mail.Id).Status);
        var notice = Assert.Single(bot.App.Services.GetRequiredService<LiteStore>().Collection<Notification>().FindAll(), n => n.UpdateId == updated.LatestUpdate.Id);
        Assert.Equal([ChannelNames.Telegram], notice.Messages.Keys.Select(k => k.Split('/')[0]).Distinct());
    }
}
