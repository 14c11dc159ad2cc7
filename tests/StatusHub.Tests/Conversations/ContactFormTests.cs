using System.Net;
using StatusHub.Conversations;
using StatusHub.Tests.Subscribers;

namespace StatusHub.Tests.Conversations;

/// <summary>The public Contact us form as a visitor and a bot use it: what reaches the staff chat, what is refused, what is kept.</summary>
public sealed class ContactFormTests
{
    [Fact]
    public async Task AContactFormMessageReachesTheStaffChatWithTheReplyAddressAndTheIncident()
    {
        await using var app = await ConversationApp.StartAsync();
        var incident = app.Bot.OpenIncident("Inbound mail not parsed");
        using var client = app.Browser();

        var form = await client.GetStringAsync($"{ContactForm.Path}?incident={incident.Id}", TestContext.Current.CancellationToken);
        var response = await ConversationApp.ContactAsync(client, "Ann@Example.org", "My invoices <b>never</b> arrive.", "Ann", incident.Id);
        var forward = (await app.WaitForMessagesToAsync(ConversationApp.StaffChat, 1)).Last(c => c.ChatId == ConversationApp.StaffChat);

        Assert.Contains($"name=\"incident\" value=\"{incident.Id}\"", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("We will answer by email to ann@example.org", await response.TextAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("ann@example.org (Ann)", forward.Text);
        Assert.Contains("Inbound mail not parsed", forward.Text);
        Assert.Contains("My invoices &lt;b&gt;never&lt;/b&gt; arrive.", forward.Text);
        var conversation = Assert.Single(app.Conversations.Search(null, null));
        Assert.Equal((incident.Id, "ann@example.org"), (conversation.IncidentId, conversation.Address));
    }

    [Fact]
    public async Task WithTheEmailChannelOffTheFormAndItsAnswerPromiseNoEmailAnswerInAnyLanguage()
    {
        await using var app = await ConversationApp.StartAsync(("Email:Smtp:Host", ""), ("StatusPage:Language", "de"));
        using var client = app.Browser();

        var form = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(ContactForm.Path, TestContext.Current.CancellationToken));
        var response = await ConversationApp.ContactAsync(client, "ann@example.org", "Are you down?");
        var answer = System.Net.WebUtility.HtmlDecode(await response.TextAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("diese Seite kann zurzeit keine Antworten per E-Mail senden", form);
        Assert.DoesNotContain("antwortet per E-Mail an die Adresse", form);
        Assert.Contains("Diese Seite kann zurzeit keine Antworten per E-Mail senden", answer);
        Assert.DoesNotContain("Wir antworten per E-Mail", answer);
        Assert.Single(app.Conversations.Search(null, null));
    }

    [Fact]
    public async Task AMessageKeptWhileTelegramIsDownReachesTheStaffChatLater()
    {
        await using var app = await ConversationApp.StartAsync();
        app.Api.FailChat(ConversationApp.StaffChat, new TelegramFault(502, "Bad Gateway"));
        using var client = app.Browser();

        await ConversationApp.ContactAsync(client, "bob@example.org", "Are you down?");
        await app.Api.WaitForAsync(calls => calls.Any(c => c.ChatId == ConversationApp.StaffChat && c.ErrorCode == 502));
        var due = await app.WaitForStoredAsync(m => m.ForwardAttempts == 1);
        app.Api.Heal(ConversationApp.StaffChat);
        app.Bot.Time.Advance(TimeSpan.FromMinutes(1));
        var forwards = await app.WaitForMessagesToAsync(ConversationApp.StaffChat, 1);

        Assert.True(due.ForwardDue);
        Assert.Contains("Are you down?", forwards.Last(c => c.ChatId == ConversationApp.StaffChat && c.Succeeded).Text);
        var forwarded = await app.WaitForStoredAsync(m => !m.ForwardDue);
        Assert.Equal(forwards.Last(c => c.ChatId == ConversationApp.StaffChat && c.Succeeded).MessageId, forwarded.ForwardedMessageId);
        Assert.Equal(1, app.StoredMessages());
    }

    [Fact]
    public async Task AHundredPostsFromOneClientStoreAtMostTheLimitAndTheRestGet429WithRetryAfter()
    {
        await using var app = await ConversationApp.StartAsync(("Conversations:MessagesPerClientPerHour", "5"));
        using var client = app.Browser();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 100; i++)
        {
            last = await ConversationApp.ContactAsync(client, $"sender{i}@example.org", $"Flood {i}");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(5, app.StoredMessages());
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(95, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var page = await last.TextAsync();
        Assert.Contains("Flood 99", page);
        Assert.Contains("sender99@example.org", page);
    }

    [Fact]
    public async Task OneAddressIsLimitedWhoeverSendsAndAllSendersTogetherAreCapped()
    {
        await using var app = await ConversationApp.StartAsync(("Conversations:MessagesPerAddressPerHour", "2"), ("Conversations:MessagesPerHour", "3"));
        using var client = app.Browser();

        var sameAddress = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            sameAddress.Add((await ConversationApp.ContactAsync(client, "victim@example.org", $"Hello {i}")).StatusCode);
        }

        var another = await ConversationApp.ContactAsync(client, "other@example.org", "One more");
        var overTheCap = await ConversationApp.ContactAsync(client, "third@example.org", "And another");
        app.Bot.Time.Advance(TimeSpan.FromHours(1));
        var anHourLater = await ConversationApp.ContactAsync(client, "victim@example.org", "Later");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], sameAddress);
        Assert.Equal(HttpStatusCode.OK, another.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, overTheCap.StatusCode);
        Assert.Contains("a great many messages", await overTheCap.TextAsync());
        Assert.Equal(HttpStatusCode.OK, anHourLater.StatusCode);
        Assert.Equal(4, app.StoredMessages());
    }

    [Fact]
    public async Task OnAGermanPageTheLimitSaysWhyAndHowLongInGerman()
    {
        await using var app = await ConversationApp.StartAsync(("StatusPage:Language", "de"), ("Conversations:MessagesPerAddressPerHour", "1"));
        using var client = app.Browser();

        await ConversationApp.ContactAsync(client, "victim@example.org", "Hallo");
        var limited = await ConversationApp.ContactAsync(client, "victim@example.org", "Hallo noch einmal");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains(
            "In der letzten Stunde nannten viele Nachrichten diese E-Mail-Adresse. Bitte versuchen Sie es in 60 Minuten erneut",
            System.Net.WebUtility.HtmlDecode(await limited.TextAsync()));
    }

    [Fact]
    public async Task AFilledHoneypotIsAnsweredAsAcceptedAndStoresNothing()
    {
        await using var app = await ConversationApp.StartAsync();
        using var client = app.Browser();

        var page = await client.GetStringAsync(ContactForm.Path, TestContext.Current.CancellationToken);
        var response = await ConversationApp.ContactAsync(client, "bot@example.org", "Buy now", website: "https://spam.example");

        Assert.Contains($"name=\"{ContactForm.Honeypot}\"", page);
        Assert.Contains("class=\"contact-trap\"", page);
        Assert.DoesNotContain("<script", page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Thanks, the team has your message", await response.TextAsync());
        Assert.Equal(0, app.StoredMessages());
    }

    [Theory]
    [InlineData("not-an-email", "Ann", "Hello", "", "is not an email address we can send to")]
    [InlineData("", "Ann", "Hello", "", "Enter your email address.")]
    [InlineData("ann@example.org", "Ann", "   ", "", "The message is required.")]
    [InlineData("ann@example.org", "Ann", "Hello", "no-such-incident", "is not on the status page")]
    [InlineData("ann@example.org", "Ann\u0007", "Hello", "", "The name holds a character that cannot be shown (U+0007 at character 4); remove it.")]
    public async Task BadInputGetsA400WithTheFormRefilledAndStoresNothing(string email, string name, string message, string incident, string error)
    {
        await using var app = await ConversationApp.StartAsync();
        using var client = app.Browser();

        var response = await ConversationApp.ContactAsync(client, email, message, name, incident.Length > 0 ? incident : null);

        var page = System.Net.WebUtility.HtmlDecode(await response.TextAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, page);
        Assert.Contains($"value=\"{email}\"", page);
        Assert.Contains("<form method=\"post\" action=\"/contact\"", page);
        Assert.Equal(0, app.StoredMessages());
    }

    [Theory]
    [InlineData("Ann", "   ", "", "Le message est obligatoire.")]
    [InlineData("Ann\u0007", "Bonjour", "", "Le nom contient un caractère qui ne peut pas être affiché (U+0007 en position 4) ; supprimez-le.")]
    [InlineData("Ann", "Bonjour", "no-such-incident", "L’incident dont parle ce message n’est pas (ou plus) sur la page de statut.")]
    public async Task OnAFrenchPageBadInputIsRefusedInFrench(string name, string message, string incident, string error)
    {
        await using var app = await ConversationApp.StartAsync(("StatusPage:Language", "fr"));
        using var client = app.Browser();

        var response = await ConversationApp.ContactAsync(client, "ann@example.org", message, name, incident.Length > 0 ? incident : null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, System.Net.WebUtility.HtmlDecode(await response.TextAsync()));
        Assert.Equal(0, app.StoredMessages());
    }

    [Fact]
    public async Task AMessageOverTheSizeLimitOrAnOversizedBodyIsRefusedClearly()
    {
        await using var app = await ConversationApp.StartAsync();
        using var client = app.Browser();

        var tooLong = await ConversationApp.ContactAsync(client, "ann@example.org", new string('x', ConversationMessage.MaxTextLength + 1));
        var fits = await ConversationApp.ContactAsync(client, "ann@example.org", new string('y', ConversationMessage.MaxTextLength));
        var chinese = await ConversationApp.ContactAsync(client, "li@example.org", new string('中', ConversationMessage.MaxTextLength));
        var emoji = await ConversationApp.ContactAsync(client, "emma@example.org", string.Concat(Enumerable.Repeat("😀", ConversationMessage.MaxTextLength / 2)));
        var huge = await ConversationApp.ContactAsync(client, "ann@example.org", new string('z', 100_000));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains($"at most {ConversationMessage.MaxTextLength}", await tooLong.TextAsync());
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (chinese.StatusCode, emoji.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("We could not read that form", await huge.TextAsync());
        Assert.Equal(3, app.StoredMessages());
    }

    [Fact]
    public async Task TheStatusPageAndIncidentPagesLinkToTheForm()
    {
        await using var app = await ConversationApp.StartAsync();
        var incident = app.Bot.OpenIncident("Webmail down");
        using var client = app.Browser();

        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var page = await client.GetStringAsync($"/incidents/{incident.Id}", TestContext.Current.CancellationToken);

        Assert.Contains("<a href=\"/contact\">Contact us</a>", home);
        Assert.Contains($"href=\"/contact?incident={incident.Id}\"", page);
    }
}
