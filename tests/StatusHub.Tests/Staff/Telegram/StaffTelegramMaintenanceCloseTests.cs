using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>/endmaintenance and /cancelmaintenance: a window closed from a phone, previewed, through the service the web UI uses.</summary>
public sealed class StaffTelegramMaintenanceCloseTests
{
    private const long Alice = 5001;
    private const string AliceEmail = "alice@example.com";

    private static async Task<(TelegramBotApp Bot, SmtpSink Sink, StaffChat Alice, StatusComponent Webmail)> StartAsync()
    {
        var sink = new SmtpSink();
        var bot = await TelegramBotApp.StartWithStaffChatAsync(sink, StaffChat.StaffChatId, ("Email:Recipients:0", "customers@example.org"));
        var webmail = bot.CreateComponent("Webmail");
        StaffChat.Link(bot, Alice, AliceEmail);
        return (bot, sink, new StaffChat(bot, StaffChat.StaffChatId, Alice), webmail);
    }

    private static MaintenanceService Maintenance(TelegramBotApp bot) => bot.App.Services.GetRequiredService<MaintenanceService>();

    private static ScheduledMaintenance Schedule(TelegramBotApp bot, string title, TimeSpan startsIn, StatusComponent component)
    {
        var now = bot.Time.GetUtcNow().UtcDateTime;
        return Maintenance(bot).Schedule(new MaintenanceDraft(title, null, now + startsIn, now + startsIn + TimeSpan.FromHours(2), [component.Id]), "web@example.com");
    }

    private static List<Notification> Notices(TelegramBotApp bot, NotificationEvent kind) =>
        [.. bot.App.Services.GetRequiredService<LiteStore>().Collection<Notification>().FindAll().Where(n => n.Event == kind)];

    [Fact]
    public async Task EndMaintenanceEndsTheRunningWindowNowAsThePersonAndBringsItsComponentBack()
    {
        var (bot, sink, alice, webmail) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        Schedule(bot, "Later upgrade", TimeSpan.FromDays(1), webmail);
        var running = Schedule(bot, "Database upgrade", -TimeSpan.FromMinutes(5), webmail);
        Assert.Equal(ComponentStatus.UnderMaintenance, bot.App.Services.GetRequiredService<ComponentService>().Get(webmail.Id).Status);

        var question = (await alice.SayAsync("/endmaintenance")).Single();
        Assert.Equal(["Database upgrade"], StaffChat.Buttons(question).Where(b => b.Label != "Cancel").Select(b => b.Label.Split(" (")[0]));
        await alice.TapAsync(question, "Database upgrade");
        var preview = alice.Messages[^1];
        Assert.Contains("End maintenance now", preview.Text);
        Assert.Contains("Backup email</b>: 1 recipient", preview.Text);
        Assert.Equal(MaintenanceStatus.InProgress, Maintenance(bot).Get(running.Id).Status);
        await alice.TapAsync(preview, "✅ Publish");

        var ended = Maintenance(bot).Get(running.Id);
        Assert.Equal(MaintenanceStatus.Completed, ended.Status);
        Assert.Equal(bot.Time.GetUtcNow().UtcDateTime, ended.EndsAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(AliceEmail, ended.Updates[^1].Author);
        Assert.Equal(ComponentStatus.Operational, bot.App.Services.GetRequiredService<ComponentService>().Get(webmail.Id).Status);
        Assert.Contains($"Published by {AliceEmail}", alice.EditedText(preview));
        Assert.Single(bot.App.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().FindAll(), e => e.Action == "maintenance.ended" && e.Actor == AliceEmail);
        Assert.Equal(AliceEmail, Assert.Single(Notices(bot, NotificationEvent.MaintenanceCompleted)).CreatedBy);
        Assert.Contains("There is no maintenance under way", (await alice.SayAsync("/endmaintenance")).Single().Text);
    }

    [Fact]
    public async Task CancelMaintenanceAfterSomeoneElseEditedTheWindowShowsAFreshPreviewAndGoesOnlyToTheChosenChannels()
    {
        var (bot, sink, alice, webmail) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var window = Schedule(bot, "Database upgrade", TimeSpan.FromDays(1), webmail);

        var preview = (await alice.SayAsync($"/cancelmaintenance {window.Id}")).Single();
        Assert.Contains("Cancel maintenance", preview.Text);
        await alice.TapAsync(preview, "✏️ Edit");
        await alice.TapAsync(alice.Messages[^1], "Channels");
        var channels = alice.Messages[^1];
        await alice.TapAsync(channels, "✅ Backup email");
        await alice.TapAsync(channels, "✔ Done");
        var chosen = alice.Messages[^1];
        Assert.Contains("Backup email</b>: not chosen, nothing is sent", chosen.Text);
        var current = Maintenance(bot).Get(window.Id);
        Maintenance(bot).Edit(window.Id, current.Version, new MaintenanceDraft("Database upgrade v2", null, current.StartsAt, current.EndsAt, current.ComponentIds), "bob@example.com");
        var conflict = await alice.TapAsync(chosen, "✅ Publish");

        Assert.Equal("Changed meanwhile: nothing was published.", alice.AnswerTo(conflict));
        Assert.Equal(MaintenanceStatus.Scheduled, Maintenance(bot).Get(window.Id).Status);
        var fresh = alice.Messages[^1];
        Assert.Contains("Database upgrade v2", fresh.Text);
        await alice.TapAsync(fresh, "✅ Publish");

        Assert.Equal(MaintenanceStatus.Cancelled, Maintenance(bot).Get(window.Id).Status);
        var notice = Assert.Single(Notices(bot, NotificationEvent.MaintenanceCancelled));
        Assert.DoesNotContain(notice.Messages.Keys, k => k.StartsWith(ChannelNames.Email + "/", StringComparison.Ordinal));
        Assert.Contains("is already cancelled", (await alice.SayAsync($"/cancelmaintenance {window.Id}"))[0].Text);
    }

    [Fact]
    public async Task CancelMaintenanceOffersOnlyWindowsStillToComeAndSendsARunningOneToEndMaintenance()
    {
        var (bot, sink, alice, webmail) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        Schedule(bot, "Later upgrade", TimeSpan.FromDays(1), webmail);
        var running = Schedule(bot, "Database upgrade", -TimeSpan.FromMinutes(5), webmail);

        var question = (await alice.SayAsync("/cancelmaintenance")).Single();
        var refused = await alice.SayAsync($"/cancelmaintenance {running.Id}");

        Assert.Equal(["Later upgrade"], StaffChat.Buttons(question).Where(b => b.Label != "Cancel").Select(b => b.Label.Split(" (")[0]));
        Assert.Contains("“Database upgrade” is under way: /endmaintenance ends it now.", refused[0].Text);
        Assert.Equal(MaintenanceStatus.InProgress, Maintenance(bot).Get(running.Id).Status);
    }
}
