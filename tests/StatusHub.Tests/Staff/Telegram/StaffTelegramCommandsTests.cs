using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Audit;
using StatusHub.Incidents;
using StatusHub.Staff.Telegram;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>Running an incident from Telegram: the staff commands over the fake Bot API, with subscribers on email and the Telegram channel.</summary>
public sealed class StaffTelegramCommandsTests
{
    private const long Alice = 5001;
    private const long Bob = 5002;
    private const long Mallory = 6666;
    private const string AliceEmail = "alice@example.com";

    private static async Task<(TelegramBotApp Bot, SmtpSink Sink)> StartAsync()
    {
        var sink = new SmtpSink();
        var bot = await TelegramBotApp.StartWithStaffChatAsync(
            sink,
            StaffChat.StaffChatId,
            ("Email:Recipients:0", "customers@example.org"));
        bot.CreateComponent("Outbound mail");
        bot.CreateComponent("Webmail");
        return (bot, sink);
    }

    private static IncidentService Incidents(TelegramBotApp bot) => bot.App.Services.GetRequiredService<IncidentService>();

    private static List<AuditEntry> Audit(TelegramBotApp bot) =>
        bot.App.Services.GetRequiredService<LiteStore>().Collection<AuditEntry>().FindAll().OrderBy(e => e.At).ThenBy(e => e.Id).ToList();

    private static int ChannelPosts(TelegramBotApp bot) => bot.Api.Messages.Count(m => m.ChatId == TelegramBotApp.Channel);

    [Fact]
    public async Task ALinkedStaffMemberOpensUpdatesAndResolvesAnIncidentFromTelegramAndSubscribersHearEachStep()
    {
        var (bot, sink) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        StaffChat.Link(bot, Alice, AliceEmail);
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);

        var templates = (await alice.SayAsync($"/incident@{FakeTelegramBotApi.BotUsername}")).Single();
        await alice.TapAsync(templates, "Outbound mail delayed");
        var preview = alice.Messages[^1];
        Assert.Contains("Outbound mail delayed", preview.Text);
        Assert.Contains("Backup email", preview.Text);
        Assert.Contains("1 recipient", preview.Text);
        Assert.Empty(Incidents(bot).Unresolved());
        await alice.TapAsync(preview, "✅ Publish");

        var incident = Assert.Single(Incidents(bot).Unresolved());
        Assert.Equal("Outbound mail delayed", incident.Title);
        Assert.Contains($"Published by {AliceEmail}", alice.EditedText(preview));
        await sink.WaitForAsync(1);
        await bot.Api.WaitForAsync(c => c.Count(m => m.Method == "sendMessage" && m.ChatId == TelegramBotApp.Channel) == 1);

        var list = (await alice.SayAsync("/incidents")).Single();
        Assert.Contains(incident.Id, list.Text);
        await alice.TapAsync(list, "Update");
        await alice.TapAsync(alice.Messages[^1], "Monitoring");
        await alice.TapAsync(alice.Messages[^1], "✔ Done");
        var question = alice.Messages[^1];
        Assert.True(StaffChat.AsksForReply(question));
        var updatePreview = await alice.AnswerAsync(question, "A fix is <in> place & mail flows again.");
        Assert.Contains("monitoring", updatePreview.Text);
        await alice.TapAsync(updatePreview, "✅ Publish");
        Assert.Equal(IncidentStatus.Monitoring, Incidents(bot).Get(incident.Id).Status);
        await sink.WaitForAsync(2);

        var closing = (await alice.SayAsync($"/resolve {incident.Id}")).Single();
        var resolvePreview = await alice.AnswerAsync(closing, "-");
        await alice.TapAsync(resolvePreview, "✅ Publish");

        var resolved = Incidents(bot).Get(incident.Id);
        Assert.True(resolved.IsResolved);
        Assert.Equal(IncidentUpdateForm.DefaultResolution, resolved.LatestUpdate!.Body);
        Assert.Equal(3, (await sink.WaitForAsync(3)).Count);
        await bot.Api.WaitForAsync(c => c.Count(m => m.Method == "sendMessage" && m.ChatId == TelegramBotApp.Channel && m.Succeeded) == 3);
        Assert.Equal(
            [("incident.opened", AliceEmail), ("incident.updated", AliceEmail), ("incident.resolved", AliceEmail)],
            Audit(bot).Where(e => e.Action.StartsWith("incident.", StringComparison.Ordinal)).Select(e => (e.Action, e.Actor)));
    }

    [Fact]
    public async Task ADoubleTapOnPublishPublishesOnce()
    {
        var (bot, sink) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        StaffChat.Link(bot, Alice, AliceEmail);
        var alice = new StaffChat(bot, Alice.ToString(CultureInfo.InvariantCulture), Alice);

        await alice.TapAsync((await alice.SayAsync("/incident")).Single(), "Web app unavailable");
        var preview = alice.Messages[^1];
        var publish = StaffChat.Data(preview, "✅ Publish");
        var first = await alice.TapDataAsync(preview.MessageId!.Value, publish);
        bot.Api.Redeliver(first);
        var second = await alice.TapDataAsync(preview.MessageId!.Value, publish);

        Assert.Single(Incidents(bot).Recent());
        Assert.Equal("Published.", alice.AnswerTo(first));
        Assert.Equal("This was published already.", alice.AnswerTo(second));
        Assert.Single(Audit(bot), e => e.Action == "incident.opened");
        Assert.Single(bot.Api.Calls, c => c.Method == "answerCallbackQuery" && (string?)c.Body["callback_query_id"] == (string?)first["callback_query"]!["id"]);
    }

    [Fact]
    public async Task NonLinkedUsersAndForgedExpiredOrForeignButtonsChangeNothing()
    {
        var (bot, sink) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        StaffChat.Link(bot, Alice, AliceEmail);
        StaffChat.Link(bot, Bob, "bob@example.com");
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);
        var bob = new StaffChat(bot, StaffChat.StaffChatId, Bob);
        var mallory = new StaffChat(bot, StaffChat.StaffChatId, Mallory);

        Assert.Empty(await mallory.SayAsync("/incident"));
        Assert.Empty(await mallory.SayAsync("/resolve abc"));
        await alice.TapAsync((await alice.SayAsync("/incident")).Single(), "Web app unavailable");
        var preview = alice.Messages[^1];
        var publish = StaffChat.Data(preview, "✅ Publish");

        var stolen = await mallory.TapDataAsync(preview.MessageId!.Value, publish);
        var forged = await alice.TapDataAsync(preview.MessageId!.Value, "s:AAAAAAAAAAAAAAAAAAAAAA");
        var foreign = await bob.TapDataAsync(preview.MessageId!.Value, publish);
        bot.Time.Advance(TelegramCallbacks.DefaultLifetime + TimeSpan.FromMinutes(1));
        var expired = await alice.TapDataAsync(preview.MessageId!.Value, publish);

        Assert.Empty(Incidents(bot).Recent());
        Assert.StartsWith("Only linked staff", alice.AnswerTo(stolen));
        Assert.Equal("This button is not known (any more).", alice.AnswerTo(forged));
        Assert.Equal("This button belongs to whoever started it.", alice.AnswerTo(foreign));
        Assert.Equal("This button has expired: start again.", alice.AnswerTo(expired));
        Assert.Contains(Audit(bot), e => e.Action == "telegram.staff-refused" && e.Subject == TelegramStaff.AuditSubject(Mallory));
        Assert.DoesNotContain(Audit(bot), e => e.Action.StartsWith("incident.", StringComparison.Ordinal));
        Assert.Equal(0, ChannelPosts(bot));
    }

    [Fact]
    public async Task ARestartInTheMiddleOfADialogLosesNothingAndHandlesEachUpdateOnce()
    {
        var (bot, sink) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        StaffChat.Link(bot, Alice, AliceEmail);
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);

        await alice.TapAsync((await alice.SayAsync("/incident")).Single(), "No template");
        await alice.TapAsync(alice.Messages[^1], "Major");
        var components = alice.Messages[^1];
        await alice.TapAsync(components, "▫️ Webmail");
        await alice.TapAsync(components, "✔ Done");
        var title = alice.Messages[^1];
        var answer = bot.Api.EnqueueMessageFrom(StaffChat.StaffChatId, Alice, "Webmail <b>down</b> & slow", title.MessageId);
        await alice.HandledAsync(answer);
        var body = alice.Messages[^1];

        await bot.RestartAsync();
        // Stopped before its next poll confirmed the title, so Telegram hands it out again.
        bot.Api.Redeliver(answer);
        var preview = await alice.AnswerAsync(body, "We are looking into it.");
        await alice.TapAsync(preview, "✅ Publish");

        var incident = Assert.Single(Incidents(bot).Recent());
        Assert.Equal("Webmail <b>down</b> & slow", incident.Title);
        Assert.Equal(IncidentImpact.Major, incident.ImpactOverride);
        Assert.Equal(ComponentStatus.DegradedPerformance, Assert.Single(incident.Updates[0].ComponentStatuses).Value);
        Assert.Single(alice.Messages, m => StaffChat.AsksForReply(m) && m.Text!.Contains("First update?", StringComparison.Ordinal));
        Assert.Contains("Webmail &lt;b&gt;down&lt;/b&gt; &amp; slow", preview.Text);
    }

    [Fact]
    public async Task PublishingAfterSomeoneElseChangedTheIncidentWritesNothingAndShowsAFreshPreview()
    {
        var (bot, sink) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        StaffChat.Link(bot, Alice, AliceEmail);
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);
        var incident = bot.OpenIncident("Webmail down");

        var preview = (await alice.SayAsync($"/update {incident.Id} Still digging.")).Single();
        Incidents(bot).PostUpdate(incident.Id, incident.Version, new UpdateDraft(IncidentStatus.Identified, "Found it."), "web@example.com");
        await alice.TapAsync(preview, "✅ Publish");

        Assert.Equal(2, Incidents(bot).Get(incident.Id).Updates.Count);
        var fresh = alice.Messages[^1];
        Assert.Contains("Nothing was written", fresh.Text);
        Assert.Contains("identified → ", fresh.Text);
        await alice.TapAsync(fresh, "✅ Publish");
        var old = await alice.TapAsync(preview, "✅ Publish");
        Assert.Equal(StaffDialogFlow.ReplacedPreview, alice.AnswerTo(old));
        Assert.Equal("Still digging.", Incidents(bot).Get(incident.Id).LatestUpdate!.Body);
        Assert.Equal(3, Incidents(bot).Get(incident.Id).Updates.Count);
        Assert.Single(Audit(bot), e => e.Action == "incident.updated" && e.Actor == AliceEmail);
    }

    [Theory]
    [InlineData("update")]
    [InlineData("resolve")]
    public async Task PublishingAfterSomeoneElseResolvedTheIncidentEndsTheCommandNamingThemAndReopensNothing(string command)
    {
        var (bot, sink) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        StaffChat.Link(bot, Alice, AliceEmail);
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);
        var incident = bot.OpenIncident("Webmail down");

        var preview = (await alice.SayAsync($"/{command} {incident.Id} Still digging.")).Single();
        Incidents(bot).Resolve(incident.Id, incident.Version, "Fixed.", "bob@example.com");
        var tap = await alice.TapAsync(preview, "✅ Publish");

        var after = Incidents(bot).Get(incident.Id);
        Assert.True(after.IsResolved);
        Assert.Equal("Fixed.", after.LatestUpdate!.Body);
        Assert.Equal("Not published.", alice.AnswerTo(tap));
        Assert.Contains("Not published: bob@example.com resolved “Webmail down” meanwhile.", alice.EditedText(preview));
        Assert.Equal(preview, alice.Messages[^1]);
        Assert.Null(bot.App.Services.GetRequiredService<StaffDialogs>().Live(Alice));
    }

    [Fact]
    public async Task EditAsksTheChosenFieldAgainAndCancelRevokesThePreviewsButtons()
    {
        var (bot, sink) = await StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        StaffChat.Link(bot, Alice, AliceEmail);
        var alice = new StaffChat(bot, StaffChat.StaffChatId, Alice);

        await alice.TapAsync((await alice.SayAsync("/incident")).Single(), "Degraded performance");
        var first = alice.Messages[^1];
        await alice.TapAsync(first, "✏️ Edit");
        await alice.TapAsync(alice.Messages[^1], "Title");
        var tooLong = await alice.AnswerAsync(alice.Messages[^1], new string('x', Incident.MaxTitleLength + 1));
        Assert.Contains("Title is too long", tooLong.Text);
        Assert.True(StaffChat.AsksForReply(tooLong));
        var second = await alice.AnswerAsync(tooLong, "Webmail is slow");
        Assert.Contains("<b>Webmail is slow</b>", second.Text);
        var stale = await alice.TapAsync(first, "✅ Publish");
        await alice.TapAsync(second, "✖️ Cancel");
        var revoked = await alice.TapAsync(second, "✅ Publish");

        Assert.Empty(Incidents(bot).Recent());
        Assert.Contains("Editing", alice.EditedText(first));
        Assert.Contains("Cancelled: nothing was published", alice.EditedText(second));
        Assert.Equal(StaffDialogFlow.ReplacedPreview, alice.AnswerTo(stale));
        Assert.Equal("Cancelled: nothing was published.", alice.AnswerTo(revoked));
        Assert.Empty(await alice.SayAsync("just chatting, not a reply"));
    }
}
