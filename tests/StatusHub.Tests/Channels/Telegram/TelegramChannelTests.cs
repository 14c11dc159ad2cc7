using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Telegram;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;

namespace StatusHub.Tests.Channels.Telegram;

/// <summary>The channel alone against the fake Bot API over HTTP: what it sends, how it threads and pins, how it reads errors.</summary>
public sealed partial class TelegramChannelTests
{
    private const string Channel = TelegramApp.ChannelChat;
    private const string Group = TelegramApp.GroupChat;

    [Fact]
    public async Task PostsAnIncidentTitleEscapedInHtmlParseMode()
    {
        await using var bed = await TelegramApp.StartAsync();
        bed.Open(title: "<script>&\"", body: "a < b & \"c\" <b>not bold</b>");

        var results = await bed.SendDueAsync();

        Assert.All(results, r => Assert.IsType<SendResult.Sent>(r.Result));
        var messages = bed.Api.Messages;
        Assert.Equal([Channel, Group], messages.Select(m => m.ChatId).Order(StringComparer.Ordinal).Reverse());
        Assert.All(messages, m =>
        {
            Assert.Equal("html", m.ParseMode, ignoreCase: true);
            Assert.Contains("&lt;script&gt;&amp;&quot;", m.Text);
            Assert.DoesNotContain("<script>", m.Text);
            Assert.DoesNotContain("<b>not bold</b>", m.Text);
            Assert.Contains("<b>", m.Text);
            Assert.Contains("<script>&\"", Visible(m.Text!));
            Assert.Contains("a < b & \"c\" <b>not bold</b>", Visible(m.Text!));
        });
    }

    [Fact]
    public async Task SendsTheMarkdownBodyAsTelegramHtmlWithoutItsMarks()
    {
        await using var bed = await TelegramApp.StartAsync();
        bed.Open(body: "**Webmail** is _slow_; see [the runbook](https://example.com/run?a=1&b=2).\n\n- IMAP\n- `smtp <relay>`");

        await bed.SendDueAsync();

        Assert.Equal(2, bed.Api.Messages.Count);
        Assert.All(bed.Api.Messages, m =>
        {
            Assert.Equal("html", m.ParseMode, ignoreCase: true);
            Assert.Contains("<b>Webmail</b> is <i>slow</i>; see <a href=\"https://example.com/run?a=1&amp;b=2\">the runbook</a>.\n\n• IMAP\n• <code>smtp &lt;relay&gt;</code>", m.Text);
            Assert.DoesNotContain("**", m.Text);
        });
    }

    [Fact]
    public async Task ThePreviewShowsTheBodyAsTheTelegramHtmlThatIsSent()
    {
        await using var bed = await TelegramApp.StartAsync();
        var draft = new UpdateDraft(IncidentStatus.Investigating, "**Webmail** is _slow_.");

        var preview = bed.Incidents.Preview(null, "Webmail", draft, "staff@example.com").Single(p => p.Channel == ChannelNames.Telegram);
        bed.Incidents.Open(new NewIncident("Webmail", null, draft), "staff@example.com");
        await bed.SendDueAsync();

        Assert.Contains("<b>Webmail</b> is <i>slow</i>.", preview.Message!.Text);
        Assert.Equal(2, bed.Api.Messages.Count);
        Assert.All(bed.Api.Messages, m => Assert.Contains("<b>Webmail</b> is <i>slow</i>.", m.Text));
    }

    [Fact]
    public async Task CutsAnOverlongMarkdownBodyByItsVisibleTextAndClosesTheBoldTheCutSplits()
    {
        await using var bed = await TelegramApp.StartAsync();
        var incident = bed.Open();
        await bed.SendDueAsync();
        // One bold run far longer than a message, full of characters that take five to escape.
        bed.Update(incident, "Start. **" + string.Concat(Enumerable.Repeat("Tom & Jerry <3 ", 600)).TrimEnd() + "** end.");

        var results = await bed.SendDueAsync();

        Assert.All(results, r => Assert.IsType<SendResult.Sent>(r.Result));
        var link = $"{TelegramApp.PublicUrl}/incidents/{incident.Id}";
        var updates = bed.Api.Messages.Skip(2).ToList();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, m =>
        {
            Assert.True(m.Text!.Length > MessageRenderer.TelegramLimit, "the escaped text is longer than the limit, its visible text is not");
            Assert.InRange(Visible(m.Text).Length, 3500, MessageRenderer.TelegramLimit);
            Assert.Contains($"… (continued at {link})</b>", m.Text);
            Assert.EndsWith($"<a href=\"{link}\">Details on the status page</a>", m.Text);
        });
    }

    [Fact]
    public async Task CutsAnOverlongUpdateToTheLimitEndingWithTheIncidentLink()
    {
        await using var bed = await TelegramApp.StartAsync();
        var incident = bed.Open();
        await bed.SendDueAsync();
        // Escaping makes "<" five characters long, so the cut has to be measured after encoding.
        var body = string.Concat(Enumerable.Repeat("Request <queue> & workers are behind. ", 400));
        bed.Update(incident, body);

        var results = await bed.SendDueAsync();

        Assert.All(results, r => Assert.IsType<SendResult.Sent>(r.Result));
        var link = $"{TelegramApp.PublicUrl}/incidents/{incident.Id}";
        var updates = bed.Api.Messages.Skip(2).ToList();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, m =>
        {
            Assert.InRange(Visible(m.Text!).Length, 3000, MessageRenderer.TelegramLimit);
            Assert.EndsWith($"<a href=\"{link}\">Details on the status page</a>", m.Text);
            Assert.Contains($"continued at {link}", m.Text);
        });
    }

    [Fact]
    public async Task RepliesToTheFirstPostInEachChatSoTheThreadReadsAsATimeline()
    {
        await using var bed = await TelegramApp.StartAsync();
        var incident = bed.Open();
        await bed.SendDueAsync();
        incident = bed.Update(incident, "Found it: a bad deploy.");
        await bed.SendDueAsync();
        bed.Update(incident, "Rolled back; watching.", IncidentStatus.Monitoring);
        await bed.SendDueAsync();

        foreach (var chat in new[] { Channel, Group })
        {
            var posts = bed.Api.Messages.Where(m => m.ChatId == chat).ToList();
            Assert.Equal(3, posts.Count);
            Assert.Null(posts[0].ReplyTo);
            Assert.Equal([posts[0].MessageId, posts[0].MessageId], posts.Skip(1).Select(p => p.ReplyTo));
        }

        Assert.NotEqual(bed.Api.Messages.First(m => m.ChatId == Channel).MessageId, bed.Api.Messages.First(m => m.ChatId == Group).MessageId);
    }

    [Fact]
    public async Task PinsANewIncidentInTheChannelButNotInTheGroup()
    {
        await using var bed = await TelegramApp.StartAsync();
        bed.Open();

        await bed.SendDueAsync();

        var post = bed.Api.Messages.Single(m => m.ChatId == Channel);
        var pin = Assert.Single(bed.Api.Calls, c => c.Method == "pinChatMessage");
        Assert.Equal(Channel, pin.ChatId);
        Assert.Equal(post.MessageId, pin.MessageId);
        Assert.Equal([post.MessageId!.Value], bed.Api.Pinned(Channel));
        Assert.Empty(bed.Api.Pinned(Group));
    }

    [Fact]
    public async Task UnpinsTheIncidentPostWhenTheIncidentIsResolved()
    {
        await using var bed = await TelegramApp.StartAsync();
        var incident = bed.Open();
        await bed.SendDueAsync();
        incident = bed.Update(incident, "Fix rolling out.");
        await bed.SendDueAsync();
        bed.Resolve(incident);

        await bed.SendDueAsync();

        var first = bed.Api.Messages.First(m => m.ChatId == Channel);
        var unpin = Assert.Single(bed.Api.Calls, c => c.Method == "unpinChatMessage");
        Assert.Equal(Channel, unpin.ChatId);
        Assert.Equal(first.MessageId, unpin.MessageId);
        Assert.True(unpin.Succeeded);
        Assert.Empty(bed.Api.Pinned(Channel));
    }

    [Fact]
    public async Task PinsAnIncidentFirstAnnouncedByAnUpdate()
    {
        await using var bed = await TelegramApp.StartAsync();
        var incident = bed.Incidents.Open(new NewIncident("Quiet start", null, new UpdateDraft(IncidentStatus.Investigating, "Internal only.")), "staff@example.com", PublishChoice.Silent);
        bed.Update(incident, "Now customers see it.");

        await bed.SendDueAsync();

        var post = bed.Api.Messages.Single(m => m.ChatId == Channel);
        Assert.Equal([post.MessageId!.Value], bed.Api.Pinned(Channel));
    }

    [Fact]
    public async Task KeepsAMessageSentWhenPinningItFails()
    {
        await using var bed = await TelegramApp.StartAsync();
        bed.Api.FailNext("pinChatMessage", TelegramFault.DropConnection);
        bed.Open();

        var results = await bed.SendDueAsync();

        Assert.All(results, r => Assert.IsType<SendResult.Sent>(r.Result));
        Assert.Single(bed.Api.Messages, m => m.ChatId == Channel);
        Assert.Equal(0, bed.OutboxReadModel.QueueLength(ChannelNames.Telegram));
    }

    [Fact]
    public async Task ReadsTooManyRequestsAsTransientWithTheServersRetryAfter()
    {
        await using var bed = await TelegramApp.StartAsync(o => o.ChannelChatId = null);
        bed.Api.FailNext("sendMessage", TelegramFault.TooManyRequests(retryAfter: 3));
        bed.Open();

        var (delivery, result) = Assert.Single(await bed.SendDueAsync());

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Equal(TimeSpan.FromSeconds(3), transient.RetryAfter);
        var queued = bed.Store.Store.Collection<Delivery>().FindById(delivery.Id);
        Assert.Equal(DeliveryState.Pending, queued.State);
        Assert.True(queued.NextAttemptAt >= bed.Store.Now.AddSeconds(3));
        // Telegram.Bot's own retry would show as a second request; the outbox owns retries.
        Assert.Single(bed.Api.Calls);
    }

    [Theory]
    [InlineData("server error")]
    [InlineData("dropped connection")]
    [InlineData("timeout")]
    public async Task ReadsServerTroubleAsTransient(string trouble)
    {
        await using var bed = await TelegramApp.StartAsync(o => o.ChannelChatId = null, httpTimeout: TimeSpan.FromMilliseconds(500));
        switch (trouble)
        {
            case "server error":
                bed.Api.FailNext("sendMessage", TelegramFault.ServerError);
                break;
            case "dropped connection":
                bed.Api.FailNext("sendMessage", TelegramFault.DropConnection);
                break;
            default:
                bed.Api.StallNext("sendMessage", TimeSpan.FromSeconds(5));
                break;
        }

        bed.Open();

        var (_, result) = Assert.Single(await bed.SendDueAsync());

        Assert.IsType<SendResult.Transient>(result);
        Assert.Empty(bed.Store.Store.Collection<FailingTarget>().FindAll());
    }

    [Fact]
    public async Task ReadsARefusedConnectionAsTransient()
    {
        await using var bed = await TelegramApp.StartAsync(o => o.ChannelChatId = null, apiBaseUrl: FakeTelegramBotApi.RefusingUrl());
        bed.Open();

        var (_, result) = Assert.Single(await bed.SendDueAsync());

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Null(transient.RetryAfter);
    }

    [Theory]
    [InlineData(400, "Bad Request: chat not found")]
    [InlineData(403, "Forbidden: bot was blocked by the user")]
    public async Task ReadsAChatThatRefusesTheBotAsPermanentAndListsItAsFailing(int code, string description)
    {
        await using var bed = await TelegramApp.StartAsync();
        bed.Api.FailChat(Group, new TelegramFault(code, description));
        bed.Open();

        var results = await bed.SendDueAsync();

        var permanent = Assert.IsType<SendResult.Permanent>(Assert.Single(results, r => r.Delivery.Target == Group).Result);
        Assert.Contains(description, permanent.Error);
        Assert.IsType<SendResult.Sent>(Assert.Single(results, r => r.Delivery.Target == Channel).Result);
        var failing = Assert.Single(bed.Store.Store.Collection<FailingTarget>().FindAll());
        Assert.Equal((ChannelNames.Telegram, Group), (failing.Channel, failing.Target));

        bed.Open("Second incident");
        var next = await bed.SendDueAsync();

        Assert.Equal([Channel], next.Select(r => r.Delivery.Target));
    }

    [Theory]
    [InlineData("Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"")]
    [InlineData("Bad Request: message is too long")]
    public async Task AMessageTelegramRefusesIsADeadLetterButTheChatStillGetsTheNextNotice(string description)
    {
        await using var bed = await TelegramApp.StartAsync();
        bed.Api.FailChat(Channel, new TelegramFault(400, description));
        bed.Open();

        var results = await bed.SendDueAsync();

        var permanent = Assert.IsType<SendResult.Permanent>(Assert.Single(results, r => r.Delivery.Target == Channel).Result);
        Assert.Contains(description, permanent.Error);
        Assert.Equal(DeliveryState.Failed, Assert.Single(bed.Store.Store.Collection<Delivery>().Find(d => d.Target == Channel)).State);
        Assert.Empty(bed.Store.Store.Collection<FailingTarget>().FindAll());

        bed.Api.Heal(Channel);
        bed.Open("Second incident");
        var next = await bed.SendDueAsync();

        Assert.Equal(new[] { Channel, Group }.Order(StringComparer.Ordinal), next.Select(r => r.Delivery.Target).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FollowsAGroupThatBecameASupergroupAndKeepsPostingThere()
    {
        const string Supergroup = "-1009876543210";
        await using var bed = await TelegramApp.StartAsync();
        bed.Api.FailChat(Group, TelegramFault.UpgradedToSupergroup(long.Parse(Supergroup, CultureInfo.InvariantCulture)));
        bed.Open();

        var results = await bed.SendDueAsync();

        Assert.IsType<SendResult.Sent>(Assert.Single(results, r => r.Delivery.Target == Group).Result);
        Assert.Equal([Channel, Supergroup], bed.Api.Messages.Select(m => m.ChatId).Order(StringComparer.Ordinal).Reverse());
        Assert.Empty(bed.Store.Store.Collection<FailingTarget>().FindAll());
        var move = Assert.Single(bed.Store.Store.Collection<TelegramChatMove>().FindAll());
        Assert.Equal((Group, long.Parse(Supergroup, CultureInfo.InvariantCulture)), (move.Id, move.To));

        // Later posts (and a restarted app, which reads the move back from the store) go straight to the supergroup.
        var restarted = new TelegramChatMoves(bed.Store.Store, TimeProvider.System, NullLogger<TelegramChatMoves>.Instance);
        var refusedBefore = bed.Api.Calls.Count(c => c.ChatId == Group);
        bed.Open("Second incident");
        var next = await bed.SendDueAsync();

        Assert.All(next, r => Assert.IsType<SendResult.Sent>(r.Result));
        Assert.Equal(refusedBefore, bed.Api.Calls.Count(c => c.ChatId == Group));
        Assert.Equal(2, bed.Api.Messages.Count(m => m.ChatId == Supergroup));
        Assert.Equal(Supergroup, restarted.Current(Group));
    }

    [Theory]
    [InlineData(401, "Unauthorized")]
    [InlineData(404, "Not Found")]
    public async Task ReadsARefusedBotTokenAsPassingSoNoChatIsMarkedFailing(int code, string description)
    {
        await using var bed = await TelegramApp.StartAsync();
        bed.Api.FailChat(Group, new TelegramFault(code, description));
        bed.Open();

        var results = await bed.SendDueAsync();

        var transient = Assert.IsType<SendResult.Transient>(Assert.Single(results, r => r.Delivery.Target == Group).Result);
        Assert.Contains("check Telegram:BotToken", transient.Error);
        Assert.Empty(bed.Store.Store.Collection<FailingTarget>().FindAll());
    }

    [Fact]
    public async Task GivesUpOnATargetThatIsNotAChatId()
    {
        await using var bed = await TelegramApp.StartAsync();
        var notification = new Notification { Id = "n1", Title = "t", Event = NotificationEvent.Test, Messages = { [ChannelNames.Telegram] = new ChannelMessage("hi") } };
        var delivery = new Delivery { Id = "d1", NotificationId = "n1", Channel = ChannelNames.Telegram, Target = "statushub_status" };

        var result = await bed.Channel.SendAsync(new OutgoingMessage(delivery, notification, notification.Messages[ChannelNames.Telegram], null), TestContext.Current.CancellationToken);

        Assert.IsType<SendResult.Permanent>(result);
        Assert.Empty(bed.Api.Calls);
    }

    private static string Visible(string html) => WebUtility.HtmlDecode(Tag().Replace(html, ""));

    [GeneratedRegex("</?[a-z]+[^>]*>")]
    private static partial Regex Tag();
}
