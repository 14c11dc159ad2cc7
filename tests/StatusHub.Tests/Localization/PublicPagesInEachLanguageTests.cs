using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;
using StatusHub.Subscribers;
using StatusHub.Tests.Subscribers;

namespace StatusHub.Tests.Localization;

/// <summary>
/// The public pages with <c>StatusPage:Language</c> set: the words, <c>lang</c>, dates and percentages in that language,
/// staff-written text as typed, and the sign-up forms carrying the language for the subscriber's messages.
/// </summary>
public sealed class PublicPagesInEachLanguageTests : IDisposable
{
    /// <summary>Ten minutes of major outage in the component's first hour, its day counted from midnight: 98.48 % uptime, "lasted 10 minutes".</summary>
    private static readonly DateTimeOffset Opened = new(2027, 3, 3, 10, 0, 0, TimeSpan.Zero);

    private readonly StatusHubApp _app = new();

    public void Dispose() => _app.Dispose();

    public sealed record Expected(
        string Language, string Components, string Operational, string Date, string Percent, string Lasted, string Resolved,
        string History, string Month, string Subscribe, string Preferences, string Channel, string NotFound);

    public static TheoryData<Expected> Languages =>
    [
        new Expected("en", "Components", "All Systems Operational", "Mar 3, 2027", "98.48 % uptime", "This incident lasted 10 minutes", "Resolved",
            "Incident history", "March 2027", "Subscribe to updates", "Your subscription", "Updates go by email to", "Page not found"),
        new Expected("de", "Komponenten", "Alle Systeme betriebsbereit", "3. März 2027", "98,48 % Verfügbarkeit", "Diese Störung dauerte 10 Minuten", "Behoben",
            "Störungsverlauf", "März 2027", "Updates abonnieren", "Ihr Abonnement", "Updates gehen per E-Mail an", "Seite nicht gefunden"),
        new Expected("fr", "Composants", "Tous les systèmes sont opérationnels", "3 mars 2027", "98,48 % de disponibilité", "Cet incident a duré 10 minutes", "Résolu",
            "Historique des incidents", "Mars 2027", "S’abonner aux mises à jour", "Votre abonnement", "Les mises à jour sont envoyées par e-mail à", "Page introuvable"),
        new Expected("es", "Componentes", "Todos los sistemas están operativos", "3 mar 2027", "98,48 % de disponibilidad", "Este incidente duró 10 minutos", "Resuelto",
            "Historial de incidentes", "Marzo de 2027", "Suscribirse a las actualizaciones", "Su suscripción", "Las actualizaciones se envían por correo electrónico a", "Página no encontrada"),
    ];

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task TheHomeIncidentAndHistoryPagesAreInTheConfiguredLanguage(Expected expected)
    {
        await using var app = Configured(expected.Language);
        using var client = app.CreateClient();
        var incident = ResolvedIncident(app);

        var home = await PageAsync(client, "/");
        var incidentPage = await PageAsync(client, $"/incidents/{incident.Id}");
        var history = await PageAsync(client, "/history");
        var missing = await client.GetAsync("/incidents/nothing-here", TestContext.Current.CancellationToken);

        Assert.Equal(expected.Language, home.DocumentElement.GetAttribute("lang"));
        Assert.Equal(expected.Operational, home.QuerySelector(".status-banner h1")!.TextContent);
        Assert.Equal(expected.Components, home.QuerySelector("#components-heading")!.TextContent);
        Assert.Equal(expected.Percent, home.QuerySelector(".uptime-percent")!.TextContent);
        Assert.Contains(expected.Date, home.QuerySelector(".past-day h3")!.TextContent);
        Assert.Contains("Webmail", home.QuerySelector(".component-name")!.TextContent);

        Assert.Equal(expected.Language, incidentPage.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Mail is slow", incidentPage.QuerySelector("#incident-title")!.TextContent);
        Assert.Equal(expected.Resolved, incidentPage.QuerySelector(".incident-status")!.TextContent);
        Assert.StartsWith(expected.Lasted + " (" + expected.Date, incidentPage.QuerySelector(".duration")!.TextContent);
        Assert.Contains("We are looking into it.", incidentPage.QuerySelector(".timeline")!.TextContent);

        Assert.Equal(expected.History, history.QuerySelector("main h1")!.TextContent);
        Assert.Equal(expected.Month, history.QuerySelector(".history-month h2")!.TextContent);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(expected.NotFound, Parse(await missing.TextAsync()).QuerySelector("main h1")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task TheSubscribeAndPreferencesPagesAreInTheConfiguredLanguageAndTheFormCarriesIt(Expected expected)
    {
        await using var app = Configured(expected.Language);
        using var client = app.CreateClient();
        app.AddComponent("Webmail");
        app.Services.GetRequiredService<SubscriberService>().AddConfirmed(ChannelNames.Email, "ann@example.org", true, null, "staff@example.net");
        var link = new Uri(app.Services.GetRequiredService<PreferenceLinks>().For("email:ann@example.org")).PathAndQuery;

        var subscribe = await PageAsync(client, "/subscribe");
        var preferences = await PageAsync(client, link);

        Assert.Equal(expected.Language, subscribe.DocumentElement.GetAttribute("lang"));
        Assert.Equal(expected.Subscribe, subscribe.QuerySelector("main h1")!.TextContent);
        var form = Assert.Single(subscribe.QuerySelectorAll("main form"));
        var language = Assert.Single(form.QuerySelectorAll("input[name=language]"));
        Assert.Equal(("hidden", expected.Language), (language.GetAttribute("type"), language.GetAttribute("value")));
        Assert.Contains("Webmail", form.TextContent);

        Assert.Equal(expected.Language, preferences.DocumentElement.GetAttribute("lang"));
        Assert.Equal(expected.Preferences, preferences.QuerySelector("main h1")!.TextContent);
        Assert.StartsWith(expected.Channel, preferences.QuerySelector("main p")!.TextContent);
    }

    [Fact]
    public async Task TheSmsCodeFormCarriesTheLanguageAndItsAnswerIsTranslated()
    {
        await using var gateway = await HttpReceiver.StartAsync(SubscriptionApp.SmsSecret, _app.Time);
        await using var app = _app.WithSubscriptions(gateway, more: new Dictionary<string, string> { ["StatusPage:Language"] = "fr" });
        using var client = app.CreateClient();

        var answer = Parse(await (await client.PostFormAsync("/subscribe", ("channel", ChannelNames.Sms), ("phone", "+33 6 12 34 56 78"), ("all", "true"), ("language", "fr"))).TextAsync());

        Assert.Equal("Consultez votre téléphone", answer.QuerySelector("main h1")!.TextContent);
        Assert.Equal("fr", Assert.Single(answer.QuerySelectorAll("form input[name=language]")).GetAttribute("value"));
        Assert.Equal("Confirmer", answer.QuerySelector("form button")!.TextContent);
    }

    [Fact]
    public async Task ARefusedSignUpComesBackTranslatedWithWhatTheVisitorTyped()
    {
        await using var app = Configured("es");
        using var client = app.CreateClient();

        var answer = Parse(await (await client.PostFormAsync("/subscribe", ("channel", ChannelNames.Webhook), ("url", "not a url"), ("all", "true"))).TextAsync());

        Assert.Equal("es", answer.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Suscribirse a las actualizaciones", answer.QuerySelector("main h1")!.TextContent);
        Assert.Equal("«not a url» no es una URL http(s) completa como https://hooks.example.com/statushub.", answer.QuerySelector("main .form-error")!.TextContent);
        Assert.Equal("not a url", answer.QuerySelector("input[name=url]")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("es", ChannelNames.Webhook, "url", "not a url", "«not a url» no es una URL http(s) completa como https://hooks.example.com/statushub.")]
    [InlineData("de", ChannelNames.Email, "email", "kaputt", "„kaputt“ ist keine E-Mail-Adresse, an die wir senden können.")]
    [InlineData("fr", ChannelNames.Email, "email", " ", "Saisissez votre adresse e-mail.")]
    [InlineData("de", ChannelNames.Sms, "phone", "0151 kaputt", "„0151 kaputt“ ist keine Mobilnummer im internationalen Format")]
    public async Task WhyAnAddressWasRefusedIsSaidInThePagesLanguage(string language, string channel, string field, string typed, string said)
    {
        await using var app = Configured(language);
        using var client = app.CreateClient();

        var response = await client.PostFormAsync("/subscribe", ("channel", channel), (field, typed), ("all", "true"), ("language", language));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(said, Parse(await response.TextAsync()).QuerySelector("main")!.TextContent);
    }

    [Theory]
    [InlineData(ChannelNames.Email, "email", "ann@example.org")]
    [InlineData(ChannelNames.Telegram, "email", "")]
    public async Task ChoosingOnlySomeComponentsButNoneIsRefusedInThePagesLanguage(string channel, string field, string typed)
    {
        await using var app = Configured("de");
        using var client = app.CreateClient();

        var response = await client.PostFormAsync("/subscribe", ("channel", channel), (field, typed), ("all", "false"), ("language", "de"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Wählen Sie mindestens eine Komponente oder alle.", Parse(await response.TextAsync()).QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task LettersOfThePagesLanguageAreWrittenAsThemselvesWhileMarkupInStaffTextStaysEncoded()
    {
        await using var app = Configured("de");
        using var client = app.CreateClient();
        app.AddComponent("<script>alert(1)</script> Größe");

        var html = await client.GetStringAsync("/history", TestContext.Current.CancellationToken);
        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("Störungsverlauf", html);
        Assert.DoesNotContain("&#xF6;", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Größe", home);
        Assert.DoesNotContain("<script>alert(1)", home);
    }

    [Fact]
    public async Task WhatStatusHubWritesInAMaintenanceTimelineIsInThePagesLanguageAndStaysStatuspagesEnglishInTheJson()
    {
        await using var app = Configured("de");
        using var client = app.CreateClient();
        var webmail = app.AddComponent("Webmail");
        var maintenances = app.Services.GetRequiredService<MaintenanceService>();
        var window = maintenances.Schedule(new MaintenanceDraft("Relay swap", "We swap the relay.", _app.Time.GetUtcNow().UtcDateTime.AddHours(1), _app.Time.GetUtcNow().UtcDateTime.AddHours(3), [webmail.Id]), "staff@example.net");
        _app.Time.Advance(TimeSpan.FromHours(2));
        maintenances.AdvanceAll();
        app.Services.GetRequiredService<StatusSnapshotService>().Rebuild();
        var json = await client.GetStringAsync("/api/v2/scheduled-maintenances/active.json", TestContext.Current.CancellationToken);
        maintenances.Cancel(window.Id, maintenances.Get(window.Id).Version, "staff@example.net");
        app.Services.GetRequiredService<StatusSnapshotService>().Rebuild();

        var timeline = (await PageAsync(client, $"/maintenance/{window.Id}")).QuerySelector(".timeline")!.TextContent;
        var feed = await client.GetStringAsync("/history.rss", TestContext.Current.CancellationToken);

        Assert.Contains("Die geplante Wartung hat begonnen.", timeline);
        Assert.Contains("Die geplante Wartung ist abgeschlossen.", timeline);
        Assert.DoesNotContain("Scheduled maintenance is now in progress.", timeline);
        Assert.DoesNotContain("Scheduled maintenance has been completed.", timeline);
        Assert.Contains("Die geplante Wartung hat begonnen.", feed);
        Assert.DoesNotContain("Scheduled maintenance is now in progress.", feed);
        Assert.Contains("\"body\":\"Scheduled maintenance is now in progress.\"", json);
    }

    [Fact]
    public async Task TheWidgetSpeaksThePagesLanguage()
    {
        await using var app = Configured("de");
        using var client = app.CreateClient();

        var script = await client.GetStringAsync("/widget.js", TestContext.Current.CancellationToken);

        Assert.Contains("\"lang\":\"de\"", script);
        Assert.Contains("\"none\":\"Alle Systeme betriebsbereit\"", script);
        Assert.Contains("\"unavailable\":\"Status nicht verf\\u00FCgbar\"", script);
        Assert.Contains("\"resolved\":\"Behoben\"", script);
        Assert.DoesNotContain("All Systems Operational", script);
        Assert.Contains("document.currentScript", script);
    }

    private WebApplicationFactory<Program> Configured(string language) =>
        _app.WithSubscriptions(null, more: new Dictionary<string, string> { ["StatusPage:Language"] = language });

    /// <summary>"Mail is slow" on Webmail: opened with a major outage at 10:00, resolved at 10:10, the page read at 11:00.</summary>
    private Incident ResolvedIncident(WebApplicationFactory<Program> app)
    {
        _app.Time.SetUtcNow(Opened);
        var webmail = app.AddComponent("Webmail");
        var incidents = app.Services.GetRequiredService<IncidentService>();
        var opened = incidents.Open(new NewIncident("Mail is slow", IncidentImpact.Major,
            new UpdateDraft(IncidentStatus.Investigating, "We are looking into it.", null, new Dictionary<string, ComponentStatus> { [webmail.Id] = ComponentStatus.MajorOutage }),
            [webmail.Id]), "staff@example.net");
        _app.Time.Advance(TimeSpan.FromMinutes(10));
        var fixedUp = incidents.PostUpdate(opened.Id, opened.Version,
            new UpdateDraft(IncidentStatus.Monitoring, "Back to normal.", null, new Dictionary<string, ComponentStatus> { [webmail.Id] = ComponentStatus.Operational }), "staff@example.net");
        var resolved = incidents.Resolve(opened.Id, fixedUp.Version, "Fixed.", "staff@example.net");
        _app.Time.Advance(TimeSpan.FromMinutes(50));
        app.Services.GetRequiredService<StatusSnapshotService>().Rebuild();
        return resolved;
    }

    private static async Task<IDocument> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parse(await response.TextAsync());
    }

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);
}
