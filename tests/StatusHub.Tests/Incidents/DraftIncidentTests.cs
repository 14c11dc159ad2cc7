using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusHub.Audit;
using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Staff.Telegram;
using StatusHub.StaticExport;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Tests.Alerts;
using StatusHub.Tests.Staff.Telegram;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Incidents;

/// <summary>Draft incidents: private until a staff member publishes one (then exactly a new incident), dismissed without a trace in public.</summary>
public sealed class DraftIncidentTests
{
    private const long Alice = 5001;
    private const long Bob = 5002;
    private const string AliceEmail = "alice@example.com";
    private const string Title = "Outbound mail queue is growing";

    private static readonly string[] PublicPaths =
        ["/", "/history", "/api/v2/summary.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json", "/history.rss", "/history.atom"];

    private static async Task<IncidentSuggestion> FireAsync(TelegramBotApp bot)
    {
        using var response = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(bot.Suggestions().Drafts());
    }

    private static async Task<string> PublicTextAsync(TelegramBotApp bot)
    {
        bot.App.Services.GetRequiredService<StatusSnapshotService>().Rebuild();
        using var browser = bot.Browser();
        var texts = new List<string>();
        foreach (var path in PublicPaths)
        {
            using var response = await browser.GetAsync(path, TestContext.Current.CancellationToken);
            texts.Add(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        using var folder = new TempFolder();
        var target = folder.File("site");
        var data = bot.App.Services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory;
        await bot.App.Services.GetRequiredService<StaticExporter>().ExportAsync(new ExportFolder(target, data), cancellationToken: TestContext.Current.CancellationToken);
        texts.AddRange(Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        return string.Join("\n", texts);
    }

    [Fact]
    public async Task ADraftIsOnNoPublicPageApiFeedOrExportUntilPublished()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var draft = await FireAsync(bot);

        Assert.DoesNotContain(Title, await PublicTextAsync(bot));
        Assert.Empty(bot.App.Services.GetRequiredService<IncidentService>().Recent());

        var incident = bot.Suggestions().Publish(draft.Id, "oncall@example.com");

        Assert.Contains(Title, await PublicTextAsync(bot));
        Assert.Equal(IncidentImpact.Major, incident.Impact);
        Assert.Equal(SuggestionState.Published, bot.Suggestions().Get(draft.Id).State);
        Assert.Single(await sink.WaitForAsync(1));
    }

    [Fact]
    public async Task PublishFromTheStaffChatShowsThePreviewAndReachesSubscribersOnceForADoubleTap()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        StaffChat.Link(bot, Alice, AliceEmail);
        StaffChat.Link(bot, Bob, "bob@example.com");
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);
        var bob = new StaffChat(bot, StaffChat.StaffChatId, Bob);
        await FireAsync(bot);
        var announcement = Assert.Single(await bot.StaffMessagesAsync(1));

        await alice.TapAsync(announcement, "✅ Publish");
        var preview = alice.Messages[^1];
        Assert.Contains("Draft suggested by alertmanager", preview.Text);
        Assert.Contains(Title, preview.Text);
        Assert.Contains("1 recipient", preview.Text);
        Assert.Empty(bot.App.Services.GetRequiredService<IncidentService>().Recent());
        await bob.TapAsync(announcement, "✅ Publish");
        var bobsPreview = bob.Messages[^1];

        var publish = StaffChat.Data(preview, "✅ Publish");
        var first = await alice.TapDataAsync(preview.MessageId!.Value, publish);
        var second = await alice.TapDataAsync(preview.MessageId!.Value, publish);
        await bob.TapAsync(bobsPreview, "✅ Publish");

        var incident = Assert.Single(bot.App.Services.GetRequiredService<IncidentService>().Recent());
        Assert.Equal(Title, incident.Title);
        Assert.Equal("Published.", alice.AnswerTo(first));
        Assert.Equal("This was published already.", alice.AnswerTo(second));
        Assert.Contains("published already by alice@example.com", bob.EditedText(bobsPreview));
        Assert.Equal(bobsPreview, bob.Messages[^1]);
        Assert.Single(await sink.WaitForAsync(1));
        Assert.Single(sink.Received);
        var audit = bot.App.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().FindAll().ToList();
        Assert.Single(audit, e => e.Action == "incident.opened" && e.Actor == AliceEmail);
        Assert.Single(audit, e => e.Action == "incident.draft_published" && e.Actor == AliceEmail);
    }

    [Fact]
    public async Task DismissFromTheStaffChatIsAuditedAndKeepsEverythingPrivate()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        StaffChat.Link(bot, Alice, AliceEmail);
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);
        var draft = await FireAsync(bot);
        var announcement = Assert.Single(await bot.StaffMessagesAsync(1));

        var tap = await alice.TapAsync(announcement, "🗑 Dismiss");

        Assert.Equal("Dismissed: nothing was published.", alice.AnswerTo(tap));
        Assert.Contains($"dismissed by {AliceEmail}", alice.EditedText(announcement));
        Assert.Equal(SuggestionState.Dismissed, bot.Suggestions().Get(draft.Id).State);
        Assert.Single(bot.App.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().FindAll(), e => e.Action == "incident.draft_dismissed" && e.Actor == AliceEmail);
        await alice.TapAsync(announcement, "✅ Publish");
        Assert.Contains("dismissed already", alice.Messages[^1].Text);
        Assert.Empty(bot.App.Services.GetRequiredService<IncidentService>().Recent());
        Assert.DoesNotContain(Title, await PublicTextAsync(bot));
        Assert.Empty(sink.Received);
    }

    [Fact]
    public async Task ADraftMadeWhileTelegramIsDownIsAnnouncedOnceItIsBack()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        bot.Api.FailChat(StaffChat.StaffChatId, TelegramFault.ServerError);

        var draft = await FireAsync(bot);
        await bot.Api.WaitForAsync(c => c.Any(m => m.Method == "sendMessage" && m.ChatId == StaffChat.StaffChatId && !m.Succeeded));
        var announcer = bot.App.Services.GetRequiredService<DraftAnnouncer>();
        Assert.Equal(0, await announcer.AnnounceDueAsync(TestContext.Current.CancellationToken));
        Assert.True(bot.Suggestions().AnyAnnouncementDue());

        bot.Api.Heal(StaffChat.StaffChatId);
        bot.Time.Advance(TimeSpan.FromMinutes(20));

        var message = Assert.Single(await bot.StaffMessagesAsync(1));
        Assert.Contains(draft.Title, message.Text);
    }
}
