using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Incidents.Suggestions;
using StatusHub.Storage;
using StatusHub.Tests.Alerts;
using StatusHub.Tests.Staff.Telegram;
using StatusHub.Tests.Subscribers.Telegram;
using StatusHub.Time;

namespace StatusHub.Tests.Incidents;

/// <summary>
/// Dismissing a draft mutes its alert (as incident.io and Statuspage users expect a dismissed alert to stay quiet) until
/// the alert resolves or the quiet period ends; staff can lift the mute. A draft decided on the web tells its staff message.
/// </summary>
public sealed class DraftMuteTests
{
    private const long Alice = 5201;
    private const string AliceEmail = "alice@example.com";

    /// <summary>The alert fires (or resolves) a minute later than the last time; returns the newest suggestion.</summary>
    private static async Task<IncidentSuggestion> FireAsync(TelegramBotApp bot, bool firing = true)
    {
        bot.Time.Advance(TimeSpan.FromMinutes(1));
        using var response = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager(firing ? "firing" : "resolved"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return bot.AllSuggestions().OrderByDescending(s => s.CreatedAt).First();
    }

    [Fact]
    public async Task ADismissedDraftsAlertFiringAgainWithinTheQuietPeriodOpensNoDraftAndNoStaffMessage()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var draft = await FireAsync(bot);
        Assert.Single(await bot.StaffMessagesAsync(1));
        bot.Suggestions().Dismiss(draft.Id, AliceEmail);

        bot.Time.Advance(TimeSpan.FromHours(3));
        await FireAsync(bot);

        Assert.Empty(bot.Suggestions().Drafts());
        var muted = Assert.Single(bot.Suggestions().Muted());
        Assert.Equal((draft.Id, 2), (muted.Id, muted.Count));
        Assert.StartsWith("muted", bot.Received().OrderBy(a => a.ReceivedAt).Last().Outcome);
        Assert.Single(await bot.StaffMessagesAsync(1));

        bot.Time.Advance(TimeSpan.FromHours(1.5));
        var after = await FireAsync(bot);

        Assert.NotEqual(draft.Id, after.Id);
        Assert.Equal(after.Id, Assert.Single(bot.Suggestions().Drafts()).Id);
        Assert.Equal(2, (await bot.StaffMessagesAsync(2)).Count);
    }

    [Fact]
    public async Task TheAlertResolvingOrStaffLiftingTheMuteLetsTheNextFiringOpenANewDraft()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var first = await FireAsync(bot);
        bot.Suggestions().Dismiss(first.Id, AliceEmail);

        await FireAsync(bot, firing: false);
        Assert.Empty(bot.Suggestions().Muted());
        var second = await FireAsync(bot);
        Assert.NotEqual(first.Id, second.Id);
        Assert.True(second.IsDraft);

        bot.Suggestions().Dismiss(second.Id, AliceEmail);
        Assert.Single(bot.Suggestions().Muted());
        bot.Suggestions().Unmute(second.Id, "bob@example.com");
        var third = await FireAsync(bot);

        Assert.Equal(third.Id, Assert.Single(bot.Suggestions().Drafts()).Id);
        Assert.Single(bot.App.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().FindAll(), e => e.Action == "incident.draft_unmuted" && e.Actor == "bob@example.com");
        Assert.Single(bot.App.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().FindAll(), e => e.Action == "incident.draft_unmuted" && e.Actor == "system:alertmanager");
    }

    [Fact]
    public async Task DismissingInTheStaffChatSaysHowLongTheAlertIsMuted()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        StaffChat.Link(bot, Alice, AliceEmail);
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);
        await FireAsync(bot);
        var announcement = Assert.Single(await bot.StaffMessagesAsync(1));

        await alice.TapAsync(announcement, "🗑 Dismiss");

        var until = UtcText.Format(bot.Suggestions().Muted().Single().MutedUntil!.Value.ToUniversalTime());
        Assert.Equal(bot.Time.GetUtcNow().UtcDateTime.AddHours(4), bot.Suggestions().Muted().Single().MutedUntil!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Contains($"Muted until {until}", alice.EditedText(announcement));
    }

    [Fact]
    public async Task ADraftPublishedOnTheWebEditsItsStaffMessageToSaySoWithoutButtons()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);
        var draft = await FireAsync(bot);
        var announcement = Assert.Single(await bot.StaffMessagesAsync(1));

        bot.Suggestions().Publish(draft.Id, IncidentSuggestions.AsIncident(bot.Suggestions().Get(draft.Id)), "oncall@example.com", via: "on the web");
        await bot.StaffMessagesAsync(1);

        Assert.Equal($"✅ Draft “{draft.Title}” published by oncall@example.com on the web.", alice.EditedText(announcement));
        var edit = bot.Api.Calls.Last(c => c.Method == "editMessageText" && c.MessageId == announcement.MessageId);
        Assert.Null(edit.Body["reply_markup"]);
    }
}
