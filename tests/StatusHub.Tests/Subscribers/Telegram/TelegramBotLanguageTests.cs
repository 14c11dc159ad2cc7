using StatusHub.Subscribers;

namespace StatusHub.Tests.Subscribers.Telegram;

/// <summary>The bot keeps the language a person's Telegram app reports, answers in it and writes their notices in it.</summary>
public sealed class TelegramBotLanguageTests
{
    [Fact]
    public async Task StartFromAGermanTelegramAppSubscribesInGermanWhileTheChannelStaysInThePagesLanguage()
    {
        await using var bot = await TelegramBotApp.StartAsync();

        var welcome = await bot.SayAsync("/start", languageCode: "de");
        var help = await bot.SayAsync("/what");
        bot.OpenIncident("Checkout fails");
        var calls = await bot.Api.WaitForAsync(c => new[] { TelegramBotApp.Channel, TelegramBotApp.Person }.All(chat =>
            c.Any(m => m.Method == "sendMessage" && m.ChatId == chat && m.Text!.Contains("Checkout fails"))));

        Assert.StartsWith("Angemeldet: Sie erfahren hier von Störungen und Wartungen", welcome.Text);
        Assert.Contains("/stop – Meldungen beenden und diesen Chat vergessen", welcome.Text);
        Assert.StartsWith("Ich verstehe diese Befehle:", help.Text);
        Assert.Equal("de", bot.Subscriber()!.Language);
        var personal = Assert.Single(calls, m => m.Method == "sendMessage" && m.ChatId == TelegramBotApp.Person && m.Text!.Contains("Checkout fails"));
        Assert.Contains("Störung: Checkout fails", personal.Text);
        Assert.Contains("Wird untersucht", personal.Text);
        var channel = Assert.Single(calls, m => m.Method == "sendMessage" && m.ChatId == TelegramBotApp.Channel && m.Text!.Contains("Checkout fails"));
        Assert.Contains("Investigating", channel.Text);
    }

    [Fact]
    public async Task ALanguageStatusHubDoesNotShipGivesTheSubscriberThePagesLanguage()
    {
        await using var bot = await TelegramBotApp.StartAsync(("StatusPage:Language", "es"));

        var welcome = await bot.SayAsync("/start", languageCode: "pt-br");

        Assert.StartsWith("Suscrito:", welcome.Text);
        Assert.Equal(SubscriberState.Active, bot.Subscriber()!.State);
        Assert.Equal("es", bot.Subscriber()!.Language);
    }

    [Fact]
    public async Task StatusSaysTheOverallStatusInTheSubscribersLanguage()
    {
        await using var bot = await TelegramBotApp.StartAsync();
        bot.OpenIncident("Paiements en panne");

        await bot.SayAsync("/start", languageCode: "fr");
        var status = await bot.SayAsync("/status");

        Assert.StartsWith("<b>Panne partielle du système</b>", status.Text);
        Assert.Contains("Incidents en cours", status.Text);
    }
}
