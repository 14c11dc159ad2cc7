using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.StatusPage;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Tests.Channels.Email;

namespace StatusHub.Tests.Subscribers;

/// <summary>A subscriber's language: taken from the form they signed up on, kept, and used for every message they get.</summary>
public sealed class SubscriberLanguageTests : EmailAppTest
{
    private const string Staff = "oncall@example.org";

    /// <summary>Address, the form's language, and what their confirmation, their notice and its footer say.</summary>
    private static readonly (string Address, string Language, string Confirm, string Status, string Footer)[] Readers =
    [
        ("en@example.org", "en", "Confirm your subscription", "Investigating", "Unsubscribe:"),
        ("de@example.org", "de", "Bitte bestätigen Sie Ihr Abonnement", "Wird untersucht", "Abmelden:"),
        ("fr@example.org", "fr", "Confirmez votre abonnement", "Analyse en cours", "Se désabonner\u00a0:"),
        ("es@example.org", "es", "Confirme su suscripción", "En investigación", "Darse de baja:"),
    ];

    [Fact]
    public async Task EachSubscriberReadsANoticeInTheLanguageTheySignedUpInAndConfiguredRecipientsInThePages()
    {
        await using var app = App.WithEmail(Sink, [Staff]);
        using var client = app.CreateClient();
        var api = app.AddComponent("API");
        foreach (var reader in Readers)
        {
            await client.PostFormAsync("/subscribe/email", ("email", reader.Address), ("all", "true"), ("language", reader.Language));
            var confirmation = Assert.Single(await Sink.WaitForAsync(reader.Address, 1));
            Assert.Contains(reader.Confirm, confirmation.Message.Subject);
            await client.GetAsync(SubscribeApp.LinkIn(confirmation, "/subscribe/confirm"), TestContext.Current.CancellationToken);
        }

        var incident = app.OpenIncidentOn("Checkout is down", api.Id);
        var preview = Preview(app, incident);

        foreach (var reader in Readers)
        {
            var notice = (await Sink.WaitForAsync(reader.Address, 2))[1].Message;
            Assert.Contains("Checkout is down", notice.Subject);
            Assert.Contains(reader.Status, notice.TextBody);
            Assert.Contains(reader.Footer, notice.TextBody);
            Assert.Contains($"lang=\"{reader.Language}\"", notice.HtmlBody);
        }

        Assert.Contains("Investigating", (await Sink.WaitForAsync(Staff, 1))[0].Message.TextBody);
        var subject = $"incident:{incident.Id}";
        Assert.Equal(
            [("de@example.org", "de"), ("en@example.org", "en"), ("es@example.org", "es"), ("fr@example.org", "fr"), (Staff, "en")],
            app.Services.GetRequiredService<LiteStore>().Collection<Delivery>().Find(d => d.Subject == subject).Select(d => (d.Target, d.Language)).Order().ToList());
        Assert.Equal([("en", 2), ("de", 1), ("es", 1), ("fr", 1)], preview.RecipientsByLanguage);
        Assert.Contains("Investigating", preview.Message!.Text);
    }

    [Fact]
    public async Task AFormWithNoOrAnUnknownLanguageGetsThePagesAndARegionalOneItsLanguage()
    {
        await using var app = App.WithEmail(Sink, [], new Dictionary<string, string> { ["StatusPage:Language"] = "fr" });
        using var client = app.CreateClient();

        await client.PostFormAsync("/subscribe/email", ("email", "none@example.org"), ("all", "true"));
        await client.PostFormAsync("/subscribe/email", ("email", "xx@example.org"), ("all", "true"), ("language", "<script>"));
        await client.PostFormAsync("/subscribe/email", ("email", "mx@example.org"), ("all", "true"), ("language", "es-MX"));
        var mails = await Task.WhenAll(new[] { "none@example.org", "xx@example.org", "mx@example.org" }.Select(a => Sink.WaitForAsync(a, 1)));

        var subscribers = app.Services.GetRequiredService<SubscriberService>();
        Assert.Equal(["fr", "fr", "es"], new[] { "none@example.org", "xx@example.org", "mx@example.org" }.Select(a => subscribers.Find(ChannelNames.Email, a)!.Language));
        Assert.Equal(
            ["] Confirmez votre abonnement aux avis d’état", "] Confirmez votre abonnement aux avis d’état", "] Confirme su suscripción a los avisos de estado"],
            mails.Select(m => m[0].Message.Subject![m[0].Message.Subject!.IndexOf(']', StringComparison.Ordinal)..]));
    }

    [Fact]
    public async Task AnActiveSubscriberKeepsTheirLanguageWhenTheySignUpAgainFromAnotherLanguagesPageOrChangeWhatTheyFollow()
    {
        await using var app = App.WithEmail(Sink, []);
        using var client = app.CreateClient();
        var api = app.AddComponent("API");
        await client.PostFormAsync("/subscribe/email", ("email", "ann@example.org"), ("all", "true"), ("language", "de"));
        var confirmation = Assert.Single(await Sink.WaitForAsync("ann@example.org", 1));
        await client.GetAsync(SubscribeApp.LinkIn(confirmation, "/subscribe/confirm"), TestContext.Current.CancellationToken);

        await client.PostFormAsync("/subscribe/email", ("email", "ann@example.org"), ("all", "true"), ("language", "es"));
        var again = (await Sink.WaitForAsync("ann@example.org", 2))[1];
        var subscribers = app.Services.GetRequiredService<SubscriberService>();
        subscribers.SetComponents(subscribers.Find(ChannelNames.Email, "ann@example.org")!.Id, false, [api.Id], "ann");

        Assert.Contains("Sie haben die Statusmeldungen bereits abonniert", again.Message.Subject);
        Assert.Equal("de", subscribers.Find(ChannelNames.Email, "ann@example.org")!.Language);
    }

    [Fact]
    public async Task SubscribersWithNoLanguageOfTheirOwnReadThePagesLanguage()
    {
        await using var app = App.WithEmail(Sink, [], new Dictionary<string, string> { ["StatusPage:Language"] = "es" });
        var api = app.AddComponent("API");
        var subscribers = app.Services.GetRequiredService<SubscriberService>();
        subscribers.AddConfirmed(ChannelNames.Email, "old@example.org", true, null, "staff@example.net");

        app.OpenIncidentOn("Checkout is down", api.Id);
        var notice = Assert.Single(await Sink.WaitForAsync("old@example.org", 1)).Message;

        Assert.Null(subscribers.Find(ChannelNames.Email, "old@example.org")!.Language);
        Assert.Contains("En investigación", notice.TextBody);
        Assert.Contains("Incidente: Checkout is down", notice.Subject);
    }

    private static ChannelPreview Preview(WebApplicationFactory<Program> app, Incident incident)
    {
        var store = app.Services.GetRequiredService<LiteStore>();
        var publisher = app.Services.GetRequiredService<NotificationPublisher>();
        var content = IncidentNotice.For(incident, incident.Updates[0], true, publisher.Page, OverallStatus.Read(store), store);
        return Assert.Single(publisher.Preview(content, store), p => p.Channel == ChannelNames.Email);
    }
}
