using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Storage;
using StatusHub.Tests.Channels.Email;

namespace StatusHub.Tests.Subscribers;

public sealed class EmailUnsubscribeTests : EmailAppTest
{

    [Fact]
    public async Task OneClickUnsubscribeFromTheHeaderStopsTheNextNotice()
    {
        await using var app = App.WithEmail(Sink, ["ada@example.org", "grace@example.org"]);
        using var client = app.CreateClient();
        app.OpenIncident("Database unreachable");
        var first = await Sink.WaitForAsync(2);
        var link = UnsubscribeLink(first.Single(m => m.Recipients[0] == "ada@example.org"));

        var confirmation = await client.GetAsync(link, TestContext.Current.CancellationToken);
        var confirmationHtml = await confirmation.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var oneClick = new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded");
        var unsubscribed = await client.PostAsync(link, oneClick, TestContext.Current.CancellationToken);
        app.OpenIncident("Database unreachable again");
        await Sink.WaitForAsync(3);

        Assert.Equal(HttpStatusCode.OK, confirmation.StatusCode);
        Assert.Contains("ada@example.org", confirmationHtml);
        Assert.Contains("method=\"post\"", confirmationHtml);
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        Assert.Contains("You are unsubscribed", await unsubscribed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var deliveries = app.Services.GetRequiredService<LiteStore>().Collection<Delivery>().Find(d => d.Channel == ChannelNames.Email).ToList();
        Assert.Equal(["ada@example.org", "grace@example.org", "grace@example.org"], deliveries.Select(d => d.Target).Order());
        Assert.Equal(1, Sink.Received.Count(m => m.Recipients.Contains("ada@example.org")));
    }

    [Fact]
    public async Task TheUnsubscribePagesSpeakThePagesLanguageAndAreNeverCached()
    {
        await using var app = App.WithEmail(Sink, ["ada@example.org"], new Dictionary<string, string> { ["StatusPage:Language"] = "de" });
        using var client = app.CreateClient();
        app.OpenIncident("Datenbank nicht erreichbar");
        var link = UnsubscribeLink(Assert.Single(await Sink.WaitForAsync(1)));

        var question = await client.GetAsync(link, TestContext.Current.CancellationToken);
        using var button = new FormUrlEncodedContent([]);
        var answer = await client.PostAsync(link, button, TestContext.Current.CancellationToken);
        var invalid = await client.GetAsync("/unsubscribe?token=kaputt", TestContext.Current.CancellationToken);

        var asked = await question.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<h1>Keine Status-E-Mails mehr?</h1>", asked);
        Assert.Contains("An ada@example.org werden keine Statusmeldungen mehr gesendet.", asked);
        Assert.Contains("<button type=\"submit\">Abmelden</button>", asked);
        Assert.Contains("<title>Abmelden · ", asked);
        Assert.Equal("no-store", question.Headers.CacheControl?.ToString());
        Assert.Contains("<h1>Sie sind abgemeldet</h1>", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("Dieser Abmeldelink ist ungültig", await invalid.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ShowsAClearErrorForATamperedLink()
    {
        await using var app = App.WithEmail(Sink, ["ada@example.org"]);
        using var client = app.CreateClient();
        app.OpenIncident("Database unreachable");
        var link = UnsubscribeLink(Assert.Single(await Sink.WaitForAsync(1)));
        var tampered = link[..^6] + (link[^6] == 'A' ? 'B' : 'A') + link[^5..];

        var get = await client.GetAsync(tampered, TestContext.Current.CancellationToken);
        using var oneClick = new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded");
        var post = await client.PostAsync(tampered, oneClick, TestContext.Current.CancellationToken);
        var garbage = await client.GetAsync("/unsubscribe?token=not-a-token", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Contains("This unsubscribe link is not valid", await get.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("This unsubscribe link is not valid", await garbage.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(app.Services.GetRequiredService<LiteStore>().Collection<StatusHub.Channels.Email.EmailSuppression>().FindAll());
    }

    /// <summary>The path and query of the RFC 8058 link in the message's List-Unsubscribe header, to call on the test server.</summary>
    private static string UnsubscribeLink(ReceivedMail mail)
    {
        var header = mail.Message.Headers["List-Unsubscribe"] ?? throw new InvalidOperationException("No List-Unsubscribe header.");
        var url = new Uri(header.Trim().TrimStart('<').TrimEnd('>'));
        Assert.Equal(EmailApp.PublicUrl, url.GetLeftPart(UriPartial.Authority));
        return url.PathAndQuery;
    }
}
