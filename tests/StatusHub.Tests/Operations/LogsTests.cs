using System.Text.Json;
using StatusHub.Operations;

namespace StatusHub.Tests.Operations;

/// <summary>
/// The console as an operator's log shipper reads it: one JSON object a line when <c>Logging:Console:FormatterName</c>
/// is <c>json</c>, and no secret in it at the most talkative level, with the bot token read from a secret file.
/// </summary>
public sealed class LogsTests
{
    [Fact]
    public async Task WritesOneJsonObjectALineWithoutTheBotTokenReadFromASecretFile()
    {
        await using var bot = await FakeTelegramBotApi.StartAsync();
        using var data = new TempFolder();
        using var secrets = new TempFolder();
        await File.WriteAllTextAsync(Path.Combine(secrets.Path, "Telegram__BotToken"), FakeTelegramBotApi.Token + "\n", TestContext.Current.CancellationToken);

        using (var app = StatusHubProcess.Start(
            data.Path,
            new Dictionary<string, string>
            {
                ["Logging:Console:FormatterName"] = "json",
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
                ["Telegram:ApiBaseUrl"] = bot.BaseUrl,
                ["Telegram:GroupChatId"] = "-100999",
            },
            new Dictionary<string, string> { [SecretFiles.DirectoryVariable] = secrets.Path }))
        {
            await app.WaitUntilServingAsync();
            // The bot polls with the token from the file: the Bot API saw it in the address of every call.
            await bot.WaitForAsync(calls => calls.Any(c => c.Succeeded));
            app.Kill();

            Assert.NotEmpty(app.Lines);
            Assert.All(app.Lines.Where(l => l.Length > 0), line =>
            {
                using var entry = JsonDocument.Parse(line);
                Assert.True(entry.RootElement.TryGetProperty("Category", out _), line);
                Assert.DoesNotContain(FakeTelegramBotApi.Token.Split(':')[1], line, StringComparison.Ordinal);
            });
        }
    }
}
