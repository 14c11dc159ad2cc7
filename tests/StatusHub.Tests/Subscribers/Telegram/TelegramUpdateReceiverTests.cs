using StatusHub.Channels.Telegram;
using StatusHub.StatusPage;
using StatusHub.Subscribers.Telegram;

namespace StatusHub.Tests.Subscribers.Telegram;

/// <summary>When the bot stays off, its one log line names the key to set.</summary>
public sealed class TelegramUpdateReceiverTests
{
    private const string Secret = "a-webhook-secret-of-some-length_42";

    [Theory]
    [InlineData("Polling", null, null, null)]
    [InlineData("polling", null, null, null)]
    [InlineData("Pollng", null, null, "Telegram:UpdatesMode 'Pollng'")]
    [InlineData("Webhook", Secret, "https://status.example.com", null)]
    [InlineData("Webhook", null, "https://status.example.com", "Telegram:WebhookSecret")]
    [InlineData("Webhook", "too-short", "https://status.example.com", "Telegram:WebhookSecret")]
    [InlineData("Webhook", "has spaces in it, sixteen+", "https://status.example.com", "Telegram:WebhookSecret")]
    [InlineData("Webhook", Secret, null, "StatusPage:PublicUrl")]
    [InlineData("Webhook", Secret, "http://status.example.com", "StatusPage:PublicUrl")]
    public void NamesTheKeyThatKeepsTheBotOff(string mode, string? secret, string? publicUrl, string? expected)
    {
        var telegram = new TelegramOptions { BotToken = FakeTelegramBotApi.Token, GroupChatId = "-100123", UpdatesMode = mode, WebhookSecret = secret };

        var problem = TelegramUpdateReceiver.Problem(telegram, new StatusPageOptions { PublicUrl = publicUrl });

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.StartsWith(expected, problem);
        }
    }

    [Fact]
    public void StaysOffWhileTheTelegramChannelIsNotConfigured()
    {
        var problem = TelegramUpdateReceiver.Problem(new TelegramOptions(), new StatusPageOptions());

        Assert.Contains("Telegram:BotToken", problem);
    }
}
