using StatusHub.Channels.Telegram;

namespace StatusHub.Tests.Channels.Telegram;

public sealed class TelegramOptionsTests
{
    [Theory]
    [InlineData("123456:ABC-def_ghi", "@statushub", "-1001234567890", "https://api.telegram.org", null)]
    [InlineData("123456:ABC", null, "-1001234567890", "http://127.0.0.1:8081/", null)]
    [InlineData(null, "@statushub", null, "https://api.telegram.org", "Telegram:BotToken")]
    [InlineData("123456:ABC", null, "", "https://api.telegram.org", "Telegram:ChannelChatId or Telegram:GroupChatId")]
    [InlineData("not-a-token", "@statushub", null, "https://api.telegram.org", "does not look like a bot token")]
    [InlineData("123456:ABC", "statushub", null, "https://api.telegram.org", "Telegram:ChannelChatId 'statushub' is not a chat id")]
    [InlineData("123456:ABC", null, "-100abc", "https://api.telegram.org", "Telegram:GroupChatId")]
    [InlineData("123456:ABC", "@statushub", null, "https://proxy.example.com/telegram", "no path")]
    [InlineData("123456:ABC", "@statushub", null, "ftp://api.telegram.org", "Telegram:ApiBaseUrl")]
    public void NamesTheKeyToFix(string? token, string? channel, string? group, string baseUrl, string? problem)
    {
        var options = new TelegramOptions { BotToken = token, ChannelChatId = channel, GroupChatId = group, ApiBaseUrl = baseUrl };

        if (problem is null)
        {
            Assert.Null(options.Problem());
        }
        else
        {
            Assert.Contains(problem, options.Problem());
        }
    }
}
