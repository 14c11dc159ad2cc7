using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Alerts;
using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Storage;

namespace StatusHub.Tests.Alerts;

/// <summary>The receivers over HTTP: what each payload suggests, deduplication, resolve suggestions, and refusals that store nothing.</summary>
public sealed class AlertReceiversTests
{
    /// <summary>The smtp alert fires once and on-call publishes its draft as suggested.</summary>
    private static async Task<Incident> FireAndPublishAsync(Subscribers.Telegram.TelegramBotApp bot)
    {
        using (var firing = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager()))
        {
            Assert.Equal(HttpStatusCode.OK, firing.StatusCode);
        }

        return bot.Suggestions().Publish(Assert.Single(bot.Suggestions().Drafts()).Id, "oncall@example.com");
    }

    [Fact]
    public async Task TheSameAlertmanagerAlertSentFiveTimesOpensOneDraftAndTellsStaffOnce()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        for (var i = 0; i < 5; i++)
        {
            using var response = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var draft = Assert.Single(bot.Suggestions().Drafts());
        Assert.Equal(5, draft.Count);
        Assert.Equal("Outbound mail queue is growing", draft.Title);
        Assert.Equal(IncidentImpact.Major, draft.Impact);
        Assert.Equal(new DateTime(2026, 1, 5, 2, 0, 0, DateTimeKind.Utc), draft.FiringSince.ToUniversalTime());
        var message = Assert.Single(await bot.StaffMessagesAsync(1));
        Assert.Contains("Draft incident", message.Text);
        Assert.Contains("Outbound mail queue is growing", message.Text);
        Assert.Contains("2026-01-05 02:00 UTC", message.Text);
        Assert.Contains("major", message.Text);
        Assert.Equal(["✅ Publish…", "✏️ Edit…", "🗑 Dismiss"], Staff.Telegram.StaffChat.Buttons(message).Select(b => b.Label));
        Assert.Equal(5, bot.Received().Count);
        Assert.Empty(bot.App.Services.GetRequiredService<IncidentService>().Recent());
    }

    [Fact]
    public async Task AGroupOfFiveHundredAlertsIsWrittenFiftyAtATimeAndWakesTheStaffAnnouncerOncePerWrite()
    {
        var (bot, sink) = await AlertsRig.StartAsync(("Alerts:Rules:3:Match:service", "queue"));
        await using var _ = bot;
        await using var __ = sink;
        var store = bot.App.Services.GetRequiredService<LiteStore>();
        var wakeUps = 0;
        void Count(string signal)
        {
            if (signal == IncidentSuggestions.AnnounceSignal)
            {
                Interlocked.Increment(ref wakeUps);
            }
        }

        var alerts = Enumerable.Range(0, AlertPayloads.MaxAlerts).Select(i =>
            $$"""{"status": "firing", "labels": {"alertname": "QueueStuck{{i}}", "service": "queue"}, "fingerprint": "queue{{i:D4}}"}""");
        store.Signalled += Count;
        using var response = await bot.PostAsync("alertmanager", $$"""{"version": "4", "status": "firing", "alerts": [{{string.Join(",", alerts)}}]}""");
        store.Signalled -= Count;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AlertPayloads.MaxAlerts, bot.Suggestions().Drafts().Count);
        Assert.Equal(AlertPayloads.MaxAlerts, bot.Received().Count);
        Assert.Equal(AlertPayloads.MaxAlerts / AlertIntake.AlertsPerWrite, wakeUps);
    }

    [Fact]
    public async Task AComponentDeletedWhileALargeGroupIsWrittenLeavesTheRestOfTheGroupOpeningDraftsWithoutIt()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var store = bot.App.Services.GetRequiredService<LiteStore>();
        var components = bot.App.Services.GetRequiredService<StatusHub.StatusComponents.ComponentService>();
        var mail = components.All().Single(c => c.Name == "Outbound mail");
        void DeleteAfterTheFirstWrite(string signal)
        {
            if (signal == IncidentSuggestions.AnnounceSignal && components.All().Any(c => c.Id == mail.Id))
            {
                components.Delete(mail.Id, "admin@example.com");
            }
        }

        var alerts = Enumerable.Range(0, AlertIntake.AlertsPerWrite * 2).Select(i =>
            $$"""{"status": "firing", "labels": {"alertname": "MailQueue{{i}}", "service": "smtp"}, "fingerprint": "mail{{i:D4}}"}""");
        store.Signalled += DeleteAfterTheFirstWrite;
        using var response = await bot.PostAsync("alertmanager", $$"""{"version": "4", "status": "firing", "alerts": [{{string.Join(",", alerts)}}]}""");
        store.Signalled -= DeleteAfterTheFirstWrite;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AlertIntake.AlertsPerWrite * 2, bot.Received().Count);
        var drafts = bot.Suggestions().Drafts();
        Assert.Equal(AlertIntake.AlertsPerWrite, Assert.Single(drafts, d => d.ComponentIds.SequenceEqual([mail.Id])).Fingerprints.Count);
        Assert.Equal(AlertIntake.AlertsPerWrite, drafts.Count(d => d.ComponentIds.Count == 0));
        Assert.All(
            bot.Received().Where(r => string.CompareOrdinal(r.Fingerprint, "mail0050") >= 0),
            r => Assert.Contains("names no component \"Outbound mail\"", r.Outcome));
    }

    [Fact]
    public async Task AFlappingAlertKeepsOneDraftWithACount()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        foreach (var status in new[] { "firing", "resolved", "firing", "resolved", "firing" })
        {
            using var response = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager(status));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var draft = Assert.Single(bot.AllSuggestions());
        Assert.Equal(SuggestionState.Draft, draft.State);
        Assert.Equal(3, draft.Count);
        Assert.Null(draft.ResolveSuggestedAt);
    }

    [Fact]
    public async Task AResolvedAlertSuggestsResolvingAndTheIncidentStaysUnresolved()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var incident = await FireAndPublishAsync(bot);
        await bot.StaffMessagesAsync(1);

        using (var resolved = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager("resolved")))
        {
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        }

        Assert.False(bot.App.Services.GetRequiredService<IncidentService>().Get(incident.Id).IsResolved);
        var suggestion = Assert.Single(bot.Suggestions().For(incident.Id));
        Assert.NotNull(suggestion.ResolveSuggestedAt);
        var messages = await bot.StaffMessagesAsync(2);
        Assert.Contains("Resolve suggested", messages[^1].Text);
        Assert.Contains("Outbound mail queue is growing", messages[^1].Text);
        Assert.Equal(["Resolve…"], Staff.Telegram.StaffChat.Buttons(messages[^1]).Select(b => b.Label));
    }

    [Fact]
    public async Task AnotherAlertOnTheComponentsOfAnUnresolvedIncidentIsANoteNotADraft()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var incident = await FireAndPublishAsync(bot);
        using (var other = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager(fingerprint: "0000aaaa1111bbbb")))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        Assert.Empty(bot.Suggestions().Drafts());
        Assert.Single(bot.Suggestions().For(incident.Id));
        Assert.Single(bot.App.Services.GetRequiredService<IncidentService>().Get(incident.Id).Updates);
    }

    [Fact]
    public async Task GrafanaAndGenericPayloadsOpenDraftsForTheirRules()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var grafana = await bot.PostAsync("grafana", AlertPayloadExamples.Grafana);
        using var generic = await bot.PostAsync("generic", AlertPayloadExamples.Generic);

        Assert.Equal(HttpStatusCode.OK, grafana.StatusCode);
        Assert.Equal(HttpStatusCode.OK, generic.StatusCode);
        var drafts = bot.Suggestions().Drafts();
        Assert.Equal(["API slow", "Webmail answers 502"], drafts.Select(d => d.Title).Order());
        Assert.Equal(["generic", "grafana"], drafts.Select(d => d.Source).Order());
        Assert.Equal(IncidentImpact.Minor, drafts.Single(d => d.Source == "generic").Impact);
    }

    [Fact]
    public async Task AnAlertMatchingNoRuleIsRecordedAndOpensNothing()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager(service: "backup"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(bot.Received());
        Assert.Null(received.Rule);
        Assert.Contains("no rule", received.Outcome);
        Assert.Empty(bot.AllSuggestions());
        using var browser = bot.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin/alerts", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("wrong-token", null)]
    [InlineData(null, "sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task AMissingOrBadTokenOrSignatureIsRefusedAndNothingIsStored(string? token, string? signature)
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostAsync("alertmanager", AlertPayloadExamples.Alertmanager(), token, signature is null ? null : ("X-Hub-Signature-256", signature));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Received());
        Assert.Empty(bot.AllSuggestions());
    }

    [Fact]
    public async Task AValidHmacSignatureIsAcceptedWithoutAToken()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var json = AlertPayloadExamples.Grafana;

        using var response = await bot.PostAsync("grafana", json, token: null, signature: ("X-Grafana-Alerting-Signature", AlertsRig.Sign(json)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Suggestions().Drafts());
    }

    [Fact]
    public async Task AGrafanaSignatureOverTheTimestampAndBodyIsAcceptedWhileTheTimestampIsRecent()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostSignedAsGrafanaAsync(AlertPayloadExamples.Grafana, bot.Time.GetUtcNow().AddMinutes(-4));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Suggestions().Drafts());
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task AGrafanaSignatureWhoseTimestampIsMoreThanFiveMinutesAwayIsRefusedAsAReplay(int minutes)
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostSignedAsGrafanaAsync(AlertPayloadExamples.Grafana, bot.Time.GetUtcNow().AddMinutes(minutes));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("replayed", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(bot.Received());
        Assert.Empty(bot.AllSuggestions());
    }

    [Fact]
    public async Task AGrafanaSignatureMadeWithAnotherTimestampThanTheOneSentIsRefused()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;
        var json = AlertPayloadExamples.Grafana;
        var now = bot.Time.GetUtcNow().ToUnixTimeSeconds();
        var signature = AlertsRig.SignAsGrafana(json, (now - 3600).ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await bot.PostAsync("grafana", json, token: null, signature: ("X-Grafana-Alerting-Signature", signature));
        using var retimed = await bot.PostWithHeadersAsync("grafana", json, token: null,
            [("X-Grafana-Alerting-Signature", signature), ("X-Grafana-Alerting-Signature-Timestamp", now.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, retimed.StatusCode);
        Assert.Empty(bot.Received());
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("""{"alerts": [{"labels": {"service": "smtp"}}]}""", "status")]
    [InlineData("""{"version": "3", "alerts": []}""", "version 3")]
    [InlineData("""{"version": 4, "alerts": []}""", "must be a string: Alertmanager sends")]
    [InlineData("""{"alerts": [{"status": "firing", "labels": {"service": 5}}]}""", "must be a string")]
    public async Task AMalformedPayloadIsABadRequestNamingTheProblemAndStoresNothing(string json, string says)
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostAsync("alertmanager", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(bot.Received());
    }

    [Fact]
    public async Task ABodyOverTheLimitIsRefused()
    {
        var (bot, sink) = await AlertsRig.StartAsync();
        await using var _ = bot;
        await using var __ = sink;

        using var response = await bot.PostAsync("generic", new string(' ', 300 * 1024) + AlertPayloadExamples.Generic);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(bot.Received());
    }
}
