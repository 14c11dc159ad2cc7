using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents.Suggestions;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Alerts;

/// <summary>As incident.io: a draft or incident is "resolve suggested" only once every alert in it resolved; one firing again withdraws it.</summary>
public sealed class GroupedAlertResolveTests
{
    /// <summary>One Alertmanager group of smtp alerts, each fingerprint firing or resolved.</summary>
    private static string Group(params (string Fingerprint, string Status)[] alerts) => JsonSerializer.Serialize(new
    {
        version = "4",
        status = alerts.Any(a => a.Status == "firing") ? "firing" : "resolved",
        alerts = alerts.Select(a => new { status = a.Status, fingerprint = a.Fingerprint, labels = new { alertname = "MailQueue", service = "smtp", instance = a.Fingerprint }, annotations = new { summary = "Mail queue" } }),
    });

    private static async Task<List<string?>> OutcomesAsync(Subscribers.Telegram.TelegramBotApp bot, string receiver, string json)
    {
        using var response = await bot.PostAsync(receiver, json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return [.. answer.RootElement.GetProperty("outcomes").EnumerateArray().Select(o => o.GetProperty("outcome").GetString())];
    }

    [Fact]
    public async Task ADraftIsResolveSuggestedOnlyOnceEveryAlertOfItResolvedAndNotAfterOneFiresAgain()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        await OutcomesAsync(bot, "alertmanager", Group(("wm1", "firing"), ("wm2", "firing")));

        var partly = await OutcomesAsync(bot, "alertmanager", Group(("wm1", "firing"), ("wm2", "resolved")));

        Assert.Equal("resolved; other alerts of its draft or incident still fire", partly[1]);
        Assert.Null(Assert.Single(bot.Suggestions().Drafts()).ResolveSuggestedAt);

        var all = await OutcomesAsync(bot, "alertmanager", Group(("wm1", "resolved"), ("wm2", "resolved")));

        Assert.Equal("resolve suggested", all[0]);
        Assert.NotNull(Assert.Single(bot.Suggestions().Drafts()).ResolveSuggestedAt);

        await OutcomesAsync(bot, "alertmanager", Group(("wm2", "firing")));

        Assert.Null(Assert.Single(bot.Suggestions().Drafts()).ResolveSuggestedAt);
    }

    [Fact]
    public async Task AnIncidentWaitsForTheAlertsNotedOnItAndOneFiringAgainWithdrawsItsResolveSuggestion()
    {
        var (bot, sink) = await AlertsRig.StartAsync(
            ("Alerts:Rules:3:Match:service", "mailstack"),
            ("Alerts:Rules:3:Components:0", "Outbound mail"),
            ("Alerts:Rules:3:Components:1", "Webmail"));
        await using var _ = bot;
        await using var __ = sink;
        await OutcomesAsync(bot, "alertmanager", Group(("wm1", "firing")));
        var suggestions = bot.Suggestions();
        var draft = Assert.Single(suggestions.Drafts());
        var webmail = bot.App.Services.GetRequiredService<ComponentService>().All().Single(c => c.Name == "Webmail");
        var incident = suggestions.Publish(draft.Id, IncidentSuggestions.AsIncident(draft) with { ComponentIds = [webmail.Id] }, "oncall@example.com");
        Assert.Equal(["noted on an unresolved incident"], await OutcomesAsync(bot, "generic", """{"status":"firing","fingerprint":"stack","labels":{"service":"mailstack"}}"""));
        Assert.Equal(2, suggestions.For(incident.Id).Count);

        Assert.Equal(["resolved; other alerts of its draft or incident still fire"], await OutcomesAsync(bot, "alertmanager", Group(("wm1", "resolved"))));
        Assert.Equal(["resolve suggested"], await OutcomesAsync(bot, "generic", """{"status":"resolved","fingerprint":"stack","labels":{"service":"mailstack"}}"""));
        Assert.Single(suggestions.For(incident.Id), s => s.ResolveSuggestedAt is not null);

        await OutcomesAsync(bot, "alertmanager", Group(("wm1", "firing")));

        Assert.All(suggestions.For(incident.Id), s => Assert.Null(s.ResolveSuggestedAt));
    }

    [Fact]
    public async Task GenericAlertsWithoutAFingerprintAreTwoAlertsWhenTheirTitlesDifferEvenWithTheSameLabels()
    {
        var (bot, sink) = await AlertsRig.StartAsync(
            ("Alerts:Rules:3:Match:service", "mailstack"),
            ("Alerts:Rules:3:Components:0", "Outbound mail"));
        await using var _ = bot;
        await using var __ = sink;
        const string Disk = """{"status":"firing","title":"Disk full on mx1","labels":{"service":"mailstack"}}""";
        const string Queue = """{"status":"firing","title":"Mail queue growing","labels":{"service":"mailstack"}}""";
        var disk = await bot.PostAsync("generic", Disk);
        var queue = await bot.PostAsync("generic", Queue);

        var diskResolved = await OutcomesAsync(bot, "generic", Disk.Replace("firing", "resolved", StringComparison.Ordinal));

        Assert.NotEqual(await FingerprintAsync(disk), await FingerprintAsync(queue));
        Assert.Equal(["resolved; other alerts of its draft or incident still fire"], diskResolved);
        Assert.Null(Assert.Single(bot.Suggestions().Drafts()).ResolveSuggestedAt);
    }

    private static async Task<string?> FingerprintAsync(HttpResponseMessage response)
    {
        using var _ = response;
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return answer.RootElement.GetProperty("outcomes")[0].GetProperty("fingerprint").GetString();
    }
}
