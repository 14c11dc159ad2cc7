using System.Net;
using System.Net.Http.Json;
using StatusHub.Subscribers.Telegram;

namespace StatusHub.Tests.Subscribers.Telegram;

/// <summary>How updates reach the bot: long polling by default, a webhook guarded by its secret header when asked.</summary>
public sealed class TelegramUpdatesTests
{
    private const string Secret = "a-webhook-secret-of-some-length_42";

    [Fact]
    public async Task PollingResumesWithTheRightOffsetAfterAnError()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        await bot.SayAsync("/help");

        bot.Api.FailNext("getUpdates", TelegramFault.ServerError);
        var second = bot.Api.EnqueueIncomingMessage(TelegramBotApp.Person, "/status");
        await bot.Api.WaitForAsync(c => c.Any(m => m.Method == "getUpdates" && m.ErrorCode == 500));
        var answered = AnswerAsync(bot);
        while (!answered.IsCompleted)
        {
            bot.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await answered;
        var polls = bot.Api.Calls.Where(c => c.Method == "getUpdates").ToList();
        var failed = polls.FindIndex(c => c.ErrorCode == 500);
        Assert.Equal((int)second["update_id"]!, (int)polls[failed].Body["offset"]!);
        Assert.Equal((int)second["update_id"]!, (int)polls[failed + 1].Body["offset"]!);
        Assert.True(polls[failed + 1].Succeeded);
        Assert.Single(bot.Api.Messages, m => m.Text!.Contains("Operational"));
        Assert.Equal(2, bot.Api.Messages.Count(m => m.ChatId == TelegramBotApp.Person));
        Assert.Contains(bot.Api.Calls, c => c.Method == "deleteWebhook");
    }

    [Fact]
    public async Task WebhookRefusesAWrongSecretHeaderAndHandlesTheRightOne()
    {
        await using var bot = await TelegramBotApp.StartAsync(("Telegram:UpdatesMode", "Webhook"), ("Telegram:WebhookSecret", Secret));
        using var telegram = bot.Browser();
        var setWebhook = (await bot.Api.WaitForAsync(c => c.Any(m => m.Method == "setWebhook"))).Single(m => m.Method == "setWebhook");

        var missing = await PostAsync(telegram, null, 1);
        var wrong = await PostAsync(telegram, Secret + "x", 2);
        var right = await PostAsync(telegram, Secret, 3);
        var repeated = await PostAsync(telegram, Secret, 3);

        Assert.Equal($"{TelegramBotApp.PublicUrl}/telegram/updates", (string?)setWebhook.Body["url"]);
        Assert.Equal(Secret, (string?)setWebhook.Body["secret_token"]);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (missing, wrong));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (right, repeated));
        Assert.True(bot.Subscriber()!.AllComponents);
        Assert.Single(bot.Api.Messages, m => m.ChatId == TelegramBotApp.Person);
        Assert.DoesNotContain(bot.Api.Calls, c => c.Method == "getUpdates");
    }

    [Fact]
    public async Task AfterARestartPollingResumesAfterTheLastHandledUpdateAndHandlesEachOnce()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        bot.Api.EnqueueIncomingMessage(TelegramBotApp.Person, "/status");
        var second = bot.Api.EnqueueIncomingMessage(TelegramBotApp.Person, "/help");
        await bot.Api.WaitForAsync(c => Replies(c).Count == 2);

        // Counted before the restart: the restarted app may poll before this line would run after it.
        var pollsBefore = bot.Api.Calls.Count(c => c.Method == "getUpdates");
        await bot.RestartAsync();
        // Stopped before its next poll confirmed update 2, so Telegram still holds it next to the new one.
        bot.Api.Redeliver(second);
        bot.Api.EnqueueIncomingMessage(TelegramBotApp.Person, "/status");
        // Updates are handled in order: a second answer to update 2 would come before the one to update 3.
        var calls = await bot.Api.WaitForAsync(c => Replies(c).Count(r => r.Text!.Contains("Operational")) == 2);

        Assert.Equal(["status", "help", "status"], Replies(calls).Select(r => r.Text!.Contains("Operational") ? "status" : "help"));
        // Every poll since (the old app's last one included) confirms update 2: none asks for it again.
        Assert.All(calls.Where(c => c.Method == "getUpdates").Skip(pollsBefore), c => Assert.True((int?)c.Body["offset"] >= (int)second["update_id"]! + 1, c.Body.ToJsonString()));
    }

    [Fact]
    public async Task AfterARestartAWebhookRedeliveryOfAHandledUpdateIsIgnored()
    {
        await using var bot = await TelegramBotApp.StartAsync(("Telegram:UpdatesMode", "Webhook"), ("Telegram:WebhookSecret", Secret));
        using (var telegram = bot.Browser())
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(telegram, Secret, 3));
        }

        await bot.RestartAsync();
        using var restarted = bot.Browser();
        var redelivered = await PostAsync(restarted, Secret, 3);
        var older = await PostAsync(restarted, Secret, 2);
        var next = await PostAsync(restarted, Secret, 4);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (redelivered, older, next));
        Assert.Equal(2, Replies(bot.Api.Calls).Count);
        // Telegram then sends one update at a time, in order, so "at or below the cursor" means "seen".
        Assert.All(bot.Api.Calls.Where(c => c.Method == "setWebhook"), c => Assert.Equal(1, (int?)c.Body["max_connections"]));
    }

    [Fact]
    public async Task AfterAQuietWeekAnUpdateNumberedBelowTheCursorIsHandled()
    {
        await using var bot = await TelegramBotApp.StartAsync(("Telegram:UpdatesMode", "Webhook"), ("Telegram:WebhookSecret", Secret));
        using var telegram = bot.Browser();
        await PostAsync(telegram, Secret, 500);
        await PostAsync(telegram, Secret, 400);

        // Telegram numbers the first update after a week without any at random.
        bot.Time.Advance(TimeSpan.FromDays(7));
        await PostAsync(telegram, Secret, 300);
        await PostAsync(telegram, Secret, 300);

        Assert.Equal(2, Replies(bot.Api.Calls).Count);
    }

    private static List<TelegramCall> Replies(IReadOnlyList<TelegramCall> calls) =>
        [.. calls.Where(m => m.Method == "sendMessage" && m.Succeeded && m.ChatId == TelegramBotApp.Person)];

    private static async Task<TelegramCall> AnswerAsync(TelegramBotApp bot) =>
        (await bot.Api.WaitForAsync(c => c.Count(m => m.Method == "sendMessage" && m.ChatId == TelegramBotApp.Person) == 2)).Last();

    private static async Task<HttpStatusCode> PostAsync(HttpClient telegram, string? secret, int updateId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/updates")
        {
            Content = JsonContent.Create(new
            {
                update_id = updateId,
                message = new
                {
                    message_id = 7,
                    date = 1_700_000_000,
                    chat = new { id = long.Parse(TelegramBotApp.Person), type = "private", first_name = "Tester" },
                    from = new { id = long.Parse(TelegramBotApp.Person), is_bot = false, first_name = "Tester" },
                    text = "/start",
                },
            }),
        };
        if (secret is not null)
        {
            request.Headers.Add(TelegramBotEndpoints.SecretHeader, secret);
        }

        using var response = await telegram.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
