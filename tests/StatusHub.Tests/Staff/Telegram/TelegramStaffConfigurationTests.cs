using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusHub.Channels.Telegram;
using StatusHub.StatusPage;
using StatusHub.Subscribers.Telegram;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Staff.Telegram;

/// <summary>Telegram:StaffChatId and Telegram:StaffUserIds are checked with the rest of the section, and a staff-only bot runs.</summary>
public sealed class TelegramStaffConfigurationTests
{
    [Theory]
    [InlineData("-1001234567890", null)]
    [InlineData(" -1001234567890 ", null)]
    [InlineData("@acme_team", "Telegram:StaffChatId '@acme_team' is not a numeric chat id")]
    [InlineData("acme team", "Telegram:StaffChatId 'acme team' is not a numeric chat id")]
    public void TheStaffChatIsNamedByItsNumber(string staffChat, string? expected)
    {
        var options = new TelegramOptions { BotToken = FakeTelegramBotApi.Token, GroupChatId = "-100123", StaffChatId = staffChat };

        if (expected is null)
        {
            Assert.Null(options.Problem());
        }
        else
        {
            Assert.StartsWith(expected, options.Problem());
            Assert.StartsWith(expected, TelegramUpdateReceiver.Problem(options, new StatusPageOptions()));
        }
    }

    [Theory]
    [InlineData("1001", null)]
    [InlineData("0", "Telegram:StaffUserIds:0 '0' is not a Telegram user id")]
    [InlineData("-1001234567890", "Telegram:StaffUserIds:0 '-1001234567890' is not a Telegram user id")]
    [InlineData("@alice", "Telegram:StaffUserIds:0 '@alice' is not a Telegram user id")]
    [InlineData("12x", "Telegram:StaffUserIds:0 '12x' is not a Telegram user id")]
    public void StaffUserIdsAreNamedOneByOneWhenOneIsNotAUserId(string id, string? expected)
    {
        using var data = new TempFolder();
        using var app = AppServices.Build(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = data.Path,
            ["Telegram:BotToken"] = FakeTelegramBotApi.Token,
            ["Telegram:GroupChatId"] = "-100123",
            ["Telegram:StaffUserIds:0"] = id,
        });

        var problem = app.Services.GetRequiredService<IOptionsMonitor<TelegramOptions>>().CurrentValue.Problem();

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
    public void ABotTokenAndAStaffChatAreEnoughForTheBotWhileTheChannelStillSaysWhatItLacks()
    {
        var options = new TelegramOptions { BotToken = FakeTelegramBotApi.Token, StaffChatId = "-1001234567890" };

        Assert.Null(TelegramUpdateReceiver.Problem(options, new StatusPageOptions()));
        Assert.Equal("missing Telegram:ChannelChatId or Telegram:GroupChatId (a numeric chat id or @name)", options.Problem());
        Assert.Contains(
            "Telegram:StaffChatId",
            TelegramUpdateReceiver.Problem(new TelegramOptions { BotToken = FakeTelegramBotApi.Token }, new StatusPageOptions()));
    }

    [Fact]
    public async Task AStaffOnlyBotAnswersButPromisesNoStatusNotices()
    {
        await using var bot = await TelegramBotApp.StartAsync(
            ("Telegram:ChannelChatId", ""), ("Telegram:GroupChatId", ""), ("Telegram:StaffChatId", "-1001112223334"));

        var whoami = await bot.SayAsync("/whoami");
        var start = await bot.SayAsync("/start");

        Assert.Contains(TelegramBotApp.Person, whoami.Text);
        Assert.Contains("sends no status notices", start.Text);
        Assert.Null(bot.Subscriber());
        Assert.DoesNotContain("Telegram", bot.App.Services.GetRequiredService<StatusHub.Subscribers.SignUpChannels>().Offered());
    }
}
