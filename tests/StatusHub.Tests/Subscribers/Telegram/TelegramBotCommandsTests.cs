using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Subscribers;
using StatusHub.Subscribers.Staff;

namespace StatusHub.Tests.Subscribers.Telegram;

/// <summary>People talking to the bot through getUpdates, and what that does to their subscription.</summary>
public sealed class TelegramBotCommandsTests
{
    private const string Person = TelegramBotApp.Person;
    private const string Group = TelegramBotApp.Group;

    [Fact]
    public async Task StartSubscribesThePrivateChatAndTheNextIncidentReachesItAsWellAsTheChannelAndGroup()
    {
        await using var bot = await TelegramBotApp.StartAsync();

        var welcome = await bot.SayAsync("/start");
        bot.OpenIncident("Checkout fails");

        Assert.Contains("Subscribed", welcome.Text);
        var subscriber = bot.Subscriber()!;
        Assert.Equal((SubscriberState.Active, true), (subscriber.State, subscriber.AllComponents));
        var calls = await bot.Api.WaitForAsync(c => new[] { TelegramBotApp.Channel, Group, Person }.All(chat =>
            c.Any(m => m.Method == "sendMessage" && m.ChatId == chat && m.Text!.Contains("Checkout fails"))));
        Assert.Single(calls, m => m.ChatId == Person && m.Text!.Contains("Checkout fails"));
    }

    [Fact]
    public async Task AnAnswerTelegramFailedWithAServerErrorIsSentAgain()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        bot.Api.FailNext("sendMessage", TelegramFault.ServerError, times: 2);

        bot.Api.EnqueueIncomingMessage(Person, "/status");
        await bot.AdvanceUntilAsync(() => bot.Api.Messages.Any(m => m.ChatId == Person), TimeSpan.FromMinutes(1));

        var attempts = bot.Api.Calls.Where(c => c.Method == "sendMessage" && c.ChatId == Person).ToList();
        Assert.Equal([500, 500, null], attempts.Select(c => c.ErrorCode));
        Assert.Contains("All Systems Operational", attempts[^1].Text);
    }

    [Fact]
    public async Task StartWithATokenFromTheSubscribeLinkFollowsJustTheChosenComponent()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        var api = bot.CreateComponent("API");
        bot.CreateComponent("Website");
        using var browser = bot.Browser();

        var response = await browser.GetAsync($"/subscribe/telegram?all=false&components={api.Id}", TestContext.Current.CancellationToken);
        var link = response.Headers.Location!;
        var token = link.Query["?start=".Length..];
        await bot.SayAsync($"/start {token}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"https://t.me/{FakeTelegramBotApi.BotUsername}", link.GetLeftPart(UriPartial.Path));
        var subscriber = bot.Subscriber()!;
        Assert.False(subscriber.AllComponents);
        Assert.Equal([api.Id], subscriber.ComponentIds);

        await bot.SayAsync("/stop");
        var reused = await bot.SayAsync($"/start {token}");

        Assert.StartsWith("That subscribe link has expired or was already used.", reused.Text);
        Assert.Contains("Subscribed", reused.Text);
        Assert.True(bot.Subscriber()!.AllComponents);
    }

    [Fact]
    public async Task SubscribeLinkRefusesAComponentThatDoesNotExist()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        using var browser = bot.Browser();

        var response = await browser.GetAsync("/subscribe/telegram?all=false&components=nosuchthing1", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ComponentsKeyboardTogglesAComponentAndTheSubscriptionFollows()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        var api = bot.CreateComponent("API");
        var website = bot.CreateComponent("Website");
        await bot.SayAsync("/start");

        var keyboard = await bot.SayAsync("/components");
        var callback = bot.Api.EnqueueCallbackQuery(Person, keyboard.MessageId!.Value, Button(keyboard.Body, "API"));
        var calls = await bot.Api.WaitForAsync(c => c.Any(m => m.Method == "answerCallbackQuery") && c.Any(m => m.Method == "editMessageReplyMarkup"));

        Assert.Equal(new[] { "▫️ API", "▫️ Website", "✅ All components" }, Labels(keyboard.Body));
        var subscriber = bot.Subscriber()!;
        Assert.False(subscriber.AllComponents);
        Assert.Equal([website.Id], subscriber.ComponentIds);
        var answer = calls.Single(m => m.Method == "answerCallbackQuery");
        Assert.Equal(callback, (string?)answer.Body["callback_query_id"]);
        Assert.Equal("No longer following API", (string?)answer.Body["text"]);
        var edit = calls.Single(m => m.Method == "editMessageReplyMarkup");
        Assert.Equal((Person, keyboard.MessageId), (edit.ChatId, edit.MessageId));
        Assert.Equal(new[] { "▫️ API", "✅ Website", "▫️ All components" }, Labels(edit.Body));
        Assert.DoesNotContain(api.Id, subscriber.ComponentIds);
    }

    [Fact]
    public async Task StatusAnswersInPrivateAndInTheGroupWithTheIncidentTitleEscaped()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        var incident = bot.OpenIncident("Payments <b>& refunds");

        var inPrivate = await bot.SayAsync("/status");
        bot.Api.EnqueueIncomingMessage("-1009999999999", "/status");
        var asked = bot.Api.EnqueueIncomingMessage(Group, "/status@" + FakeTelegramBotApi.BotUsername);
        var calls = await bot.Api.WaitForAsync(c => c.Any(m => m.Method == "sendMessage" && m.ChatId == Group && m.Text!.Contains("Unresolved incidents")));

        var inGroup = calls.Single(m => m.Method == "sendMessage" && m.ChatId == Group && m.Text!.Contains("Unresolved incidents"));
        foreach (var answer in new[] { inPrivate, inGroup })
        {
            Assert.True(answer.Succeeded);
            Assert.Equal("HTML", answer.ParseMode, ignoreCase: true);
            Assert.StartsWith("<b>Partial System Outage</b>", answer.Text);
            Assert.Contains($"<a href=\"{TelegramBotApp.PublicUrl}/incidents/{incident.Id}\">Payments &lt;b&gt;&amp; refunds</a>", answer.Text);
            Assert.DoesNotContain("<b>&", answer.Text);
        }

        Assert.Equal((int?)asked["message"]!["message_id"], inGroup.ReplyTo);
        Assert.DoesNotContain(calls, m => m.ChatId == "-1009999999999" && m.Method == "sendMessage");
    }

    [Fact]
    public async Task AnswersInTheSupergroupTheDiscussionGroupBecameAndNowhereElse()
    {
        const string Supergroup = "-1005555555555";
        const string Stranger = "-1007777777777";
        await using var bot = await TelegramBotApp.StartAsync();

        // Telegram's service messages in the new supergroups: ours, and one some other group became.
        bot.Api.Enqueue("message", Upgraded(Supergroup, from: Group));
        bot.Api.Enqueue("message", Upgraded(Stranger, from: "-1008888888888"));
        bot.Api.EnqueueIncomingMessage(Stranger, "/status");
        var asked = bot.Api.EnqueueIncomingMessage(Supergroup, "/status");
        var calls = await bot.Api.WaitForAsync(c => c.Any(m => m.Method == "sendMessage" && m.ChatId == Supergroup));

        var answer = calls.Single(m => m.Method == "sendMessage" && m.ChatId == Supergroup);
        Assert.Equal((int?)asked["message"]!["message_id"], answer.ReplyTo);
        Assert.StartsWith("<b>All Systems Operational</b>", answer.Text);
        Assert.DoesNotContain(calls, m => m.Method == "sendMessage" && m.ChatId == Stranger);

        // Notices follow it there too.
        bot.OpenIncident("Checkout fails");
        await bot.Api.WaitForAsync(c => c.Any(m => m.Method == "sendMessage" && m.ChatId == Supergroup && m.Text!.Contains("Checkout fails")));
        Assert.DoesNotContain(bot.Api.Calls, m => m.ChatId == Group);
    }

    private static JsonObject Upgraded(string chat, string from) => new()
    {
        ["message_id"] = 1,
        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["chat"] = new JsonObject { ["id"] = long.Parse(chat, System.Globalization.CultureInfo.InvariantCulture), ["type"] = "supergroup", ["title"] = "Acme status chat" },
        ["from"] = new JsonObject { ["id"] = 4242, ["is_bot"] = false, ["first_name"] = "Admin" },
        ["migrate_from_chat_id"] = long.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task GroupStatusIsAnsweredAtMostOncePerCooldown()
    {
        await using var bot = await TelegramBotApp.StartAsync();

        await bot.SayAsync("/status", Group);
        bot.Api.EnqueueIncomingMessage(Group, "/status");
        // Updates are handled in order: once this is answered, the second ask has been seen.
        await bot.SayAsync("/help");
        bot.Time.Advance(StatusHub.Subscribers.Telegram.TelegramCommands.GroupStatusCooldown);
        var asked = bot.Api.EnqueueIncomingMessage(Group, "/status");
        var calls = await bot.Api.WaitForAsync(c => c.Any(m => m.ChatId == Group && m.ReplyTo == (int?)asked["message"]!["message_id"]));

        Assert.Equal(2, calls.Count(m => m.Method == "sendMessage" && m.ChatId == Group));
    }

    [Fact]
    public async Task StopRemovesTheSubscriber()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        await bot.SayAsync("/start");

        var goodbye = await bot.SayAsync("/stop");

        Assert.Contains("Unsubscribed", goodbye.Text);
        Assert.Null(bot.Subscriber());
    }

    [Fact]
    public async Task StartAgainAfterBlockingTheBotBringsTheNextIncidentToTheChat()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        await bot.SayAsync("/start");
        var directory = bot.App.Services.GetRequiredService<SubscriberDirectory>();
        bot.Api.FailChat(Person, TelegramFault.BotBlocked);
        bot.OpenIncident("Checkout fails");
        await bot.AdvanceUntilAsync(() => directory.Row(Subscriber.KeyFor(ChannelNames.Telegram, Person))!.Failing, TimeSpan.FromMinutes(1));
        bot.Api.Heal(Person);

        await bot.SayAsync("/start");
        bot.OpenIncident("Search is slow");

        Assert.False(directory.Row(Subscriber.KeyFor(ChannelNames.Telegram, Person))!.Failing);
        await bot.Api.WaitForAsync(c => c.Any(m => m.Method == "sendMessage" && m.Succeeded && m.ChatId == Person && m.Text!.Contains("Search is slow")));
    }

    [Fact]
    public async Task PlainTextGetsTheCommandListWithoutBeingEchoed()
    {
        await using var bot = await TelegramBotApp.StartAsync();

        var answer = await bot.SayAsync("<i>hello</i> & bye");

        Assert.Contains("/components", answer.Text);
        Assert.DoesNotContain("hello", answer.Text);
        Assert.Null(bot.Subscriber());
    }

    private static string Button(JsonObject body, string component) =>
        (string)Buttons(body).Single(b => ((string)b["text"]!).EndsWith(component, StringComparison.Ordinal))["callback_data"]!;

    private static IEnumerable<string> Labels(JsonObject body) => Buttons(body).Select(b => (string)b["text"]!);

    private static IEnumerable<JsonNode> Buttons(JsonObject body) =>
        body["reply_markup"]!["inline_keyboard"]!.AsArray().SelectMany(row => row!.AsArray()).Select(b => b!);
}
