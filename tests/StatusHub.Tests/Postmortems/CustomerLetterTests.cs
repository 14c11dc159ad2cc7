using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Incidents;
using StatusHub.Postmortems;
using StatusHub.Staff;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Tests.Channels.Email;

namespace StatusHub.Tests.Postmortems;

/// <summary>Customer letters through the whole app and the backup email channel, into an SMTP sink.</summary>
public sealed class CustomerLetterTests : IAsyncLifetime
{
    private const string Secret = "SECRET-internal";
    private readonly StatusHubApp _factory = new();
    private readonly SmtpSink _sink = new();
    private WebApplicationFactory<Program> _app = null!;
    private StatusComponent _mail = null!;

    public ValueTask InitializeAsync()
    {
        _app = _factory.WithEmail(_sink, [], new Dictionary<string, string>
        {
            ["Telegram:ChannelChatId"] = "@examplestatus",
            ["Postmortems:TelegramGroupUrl"] = "https://t.me/+invitation",
        });
        _mail = Service<ComponentService>().Create(new ComponentDraft("Mail", null, null), "staff@example.net");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _factory.Dispose();
        await _sink.DisposeAsync();
    }

    private T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private CustomerLetters Letters => Service<CustomerLetters>();

    private static Recipient[] Listed(params string[] addresses) => [.. addresses.Select(a => new Recipient(a))];

    private string Admin() => Service<StaffAccountService>().Create($"admin-{Guid.NewGuid():n}@example.net", StaffRoles.Admin, StaffSignIn.Password, "tests").Email;

    /// <summary>A published post-mortem of an incident on Mail, with one public and one internal action item.</summary>
    private string Published()
    {
        var incidents = Service<IncidentService>();
        var incident = incidents.Open(new NewIncident("Mail delayed", null, new UpdateDraft(IncidentStatus.Investigating, "Slow.", null,
            new Dictionary<string, ComponentStatus> { [_mail.Id] = ComponentStatus.MajorOutage })), "staff@example.net");
        incident = incidents.Resolve(incident.Id, incident.Version, "Fixed.", "staff@example.net");
        var postmortems = Service<PostmortemService>();
        var started = postmortems.Start(incident.Id, "short", "staff@example.net");
        var saved = postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with
        {
            Body = PostmortemApp.Written(started.Body),
            ShortStory = "A full disk delayed mail for two hours.",
            DataLoss = "No mail was lost.",
            ActionItems =
            [
                new ActionItem(Ids.New(), "Alert when a disk is 80 % full.", "Dana", null, ActionItemStatus.InProgress, IsPublic: true),
                new ActionItem(Ids.New(), $"{Secret}: replace the on-call lead.", "Sam", null, ActionItemStatus.Open, IsPublic: false),
            ],
        }, "staff@example.net");
        postmortems.Publish(incident.Id, postmortems.SendForReview(incident.Id, saved.Version, "staff@example.net").Version, Admin());
        return incident.Id;
    }

    [Fact]
    public async Task SendsTheLetterToTheAffectedEmailSubscribersAndTheListedAddressesOnceEach()
    {
        var web = Service<ComponentService>().Create(new ComponentDraft("Website", null, null), "staff@example.net");
        var subscribers = Service<SubscriberService>();
        subscribers.AddConfirmed(ChannelNames.Email, "ada@example.org", false, [_mail.Id], "staff@example.net");
        subscribers.AddConfirmed(ChannelNames.Email, "all@example.org", true, null, "staff@example.net");
        subscribers.AddConfirmed(ChannelNames.Email, "bob@example.org", false, [web.Id], "staff@example.net");
        var id = Published();
        // Opened, resolved and the post-mortem published, to Ada and to the one who follows everything.
        const int before = 6;
        await _sink.WaitForAsync(before);

        var letter = Letters.Send(id, "We owe you an explanation.", toSubscribers: true, Listed("carol@example.org", "Ada@Example.org"), Admin());

        var mails = (await _sink.WaitForAsync(before + 3)).Skip(before).ToList();
        Assert.Equal(3, letter.Recipients);
        Assert.Equal(["ada@example.org", "all@example.org", "carol@example.org"], mails.SelectMany(m => m.Recipients).Order());
        var message = mails[0].Message;
        Assert.Equal("[StatusHub] We are sorry: Mail delayed", message.Subject);
        Assert.Contains("We owe you an explanation.", message.TextBody);
        Assert.Contains("A full disk delayed mail for two hours.", message.TextBody);
        Assert.Contains("No mail was lost.", message.TextBody);
        Assert.Contains("- Alert when a disk is 80 % full. (In progress)", message.TextBody);
        Assert.Contains("https://t.me/examplestatus", message.TextBody);
        Assert.Contains("href=\"https://t.me/+invitation\"", System.Net.WebUtility.HtmlDecode(message.HtmlBody));
        Assert.Contains($"{EmailApp.PublicUrl}/postmortems/{id}", message.TextBody);
        Assert.DoesNotContain(Secret, message.TextBody + message.HtmlBody);
        Assert.Equal([letter.Id], Letters.Sent(id).Select(l => l.Id));
        var notification = Service<OutboxStore>().Notification(letter.Id)!;
        Assert.Equal(NotificationEvent.CustomerLetter, notification.Event);
        Assert.Equal([ChannelNames.Email], notification.Messages.Keys);
    }

    [Fact]
    public async Task EachReadsTheLetterInTheLanguageTheirRowGaveElseTheirOwnElseThePages()
    {
        var web = Service<ComponentService>().Create(new ComponentDraft("Website", null, null), "staff@example.net");
        var subscribers = Service<SubscriberService>();
        subscribers.AddConfirmed(ChannelNames.Email, "ada@example.org", false, [_mail.Id], "staff@example.net", "de");
        subscribers.AddConfirmed(ChannelNames.Email, "eve@example.org", false, [web.Id], "staff@example.net", "fr");
        var id = Published();
        // Opened, resolved and the post-mortem published, to Ada.
        const int before = 3;
        await _sink.WaitForAsync(before);
        var list = Letters.ReadList(new StringReader("email,language\ncarol@example.org,es-MX\neve@example.org,\nbob@example.org,\nzed@example.org,tlh\n"));

        var letter = Letters.Send(id, null, toSubscribers: true, list.Addresses, Admin());

        Assert.Equal([new LetterReject(5, "zed@example.org", "unknown language 'tlh' (one of en, de, fr, es, or empty for the page's)")], list.Rejects);
        Assert.Equal(4, letter.Recipients);
        var subjects = (await _sink.WaitForAsync(before + 4)).Skip(before).ToDictionary(m => m.Recipients.Single(), m => m.Message.Subject);
        Assert.Equal("[StatusHub] Wir bitten um Entschuldigung: Mail delayed", subjects["ada@example.org"]);
        Assert.Equal("[StatusHub] Le pedimos disculpas: Mail delayed", subjects["carol@example.org"]);
        Assert.StartsWith("[StatusHub] Toutes nos excuses", subjects["eve@example.org"]);
        Assert.Equal("[StatusHub] We are sorry: Mail delayed", subjects["bob@example.org"]);
        Assert.Equal(["de", "en", "es", "fr"], Service<OutboxStore>().Notification(letter.Id)!.Messages.Keys.Select(k => k == ChannelNames.Email ? "en" : k[^2..]).Order());
    }

    [Fact]
    public async Task NeverSendsAPostmortemsLetterToTheSameAddressTwice()
    {
        Service<SubscriberService>().AddConfirmed(ChannelNames.Email, "ada@example.org", false, [_mail.Id], "staff@example.net");
        var id = Published();
        const int before = 3;
        await _sink.WaitForAsync(before);
        var first = Letters.Send(id, null, toSubscribers: true, Listed("carol@example.org"), Admin());

        // The list pasted afterwards repeats Carol; the subscribers are ticked again.
        var second = Letters.Send(id, null, toSubscribers: true, Listed("carol@example.org", "dan@example.org"), Admin());
        var again = Assert.Throws<ValidationException>(() => Letters.Send(id, null, toSubscribers: true, Listed("dan@example.org"), Admin()));

        Assert.Equal((2, 0), (first.Recipients, first.AlreadySent));
        Assert.Equal((1, 2), (second.Recipients, second.AlreadySent));
        Assert.Contains("nobody gets it twice", again.Message);
        var letters = (await _sink.WaitForAsync(before + 3)).Skip(before).ToList();
        Assert.Equal(["ada@example.org", "carol@example.org", "dan@example.org"], letters.SelectMany(m => m.Recipients).Order());
        Assert.Equal(new[] { first.Id, second.Id }.Order(), Letters.Sent(id).Select(l => l.Id).Order());
    }

    [Fact]
    public void LeavesOutEarlierRecipientsStillWaitingInAFanOutChunk()
    {
        var id = Published();
        var list = Listed([.. Enumerable.Range(0, 2_500).Select(i => $"reader{i}@example.org")]);
        var first = Letters.Send(id, null, toSubscribers: false, list, Admin());

        var second = Letters.Send(id, null, toSubscribers: false, [.. list, new Recipient("late@example.org")], Admin());

        Assert.Equal(2_500, first.Recipients);
        Assert.Equal((1, 2_500), (second.Recipients, second.AlreadySent));
    }

    [Fact]
    public void ReadsAPastedListAndSaysWhyEachRejectedRowWasLeftOut()
    {
        Service<LiteStore>().Write(scope => scope.Collection<EmailSuppression>().Insert(new EmailSuppression { Id = "gone@example.org", At = DateTime.UtcNow }));
        const string csv = "name,email\nAda,ada@example.org\nBob,not-an-address\nAda again,ADA@example.org\nGone,gone@example.org\n\"Lee, Carol\",carol@example.org\n";

        var list = Letters.ReadList(new StringReader(csv));

        Assert.Equal(Listed("ada@example.org", "carol@example.org"), list.Addresses);
        Assert.Equal(
            [new LetterReject(3, "not-an-address", "not an email address"), new LetterReject(4, "ADA@example.org", "repeats row 2"), new LetterReject(5, "gone@example.org", "unsubscribed from our email")],
            list.Rejects);
    }

    [Fact]
    public void CapsAListAtTenThousandAddresses()
    {
        var lines = string.Join('\n', Enumerable.Range(0, CustomerLetters.MaxListAddresses + 2).Select(i => $"user{i}@example.org"));

        var list = Letters.ReadList(new StringReader(lines));

        Assert.Equal(CustomerLetters.MaxListAddresses, list.Addresses.Count);
        Assert.Equal(2, list.Rejects.Count);
        Assert.All(list.Rejects, r => Assert.Equal("past the 10,000 addresses one letter may go to", r.Reason));
    }

    [Fact]
    public void OnlyAnAdminSendsAndOnlyForAPublishedPostmortem()
    {
        var id = Published();
        var editor = Service<StaffAccountService>().Create("editor@example.net", StaffRoles.Editor, StaffSignIn.Password, "tests");
        var incidents = Service<IncidentService>();
        var unpublished = incidents.Open(new NewIncident("Other", null, new UpdateDraft(IncidentStatus.Investigating, "Slow.")), "staff@example.net");

        var byEditor = Assert.Throws<ValidationException>(() => Letters.Send(id, null, true, Listed("carol@example.org"), editor.Email));
        var notPublished = Assert.Throws<ValidationException>(() => Letters.Send(unpublished.Id, null, true, Listed("carol@example.org"), Admin()));
        var tooLong = Assert.Throws<ValidationException>(() => Letters.Preview(id, new string('n', CustomerLetters.MaxNoteLength + 1)));

        Assert.Equal("Only an admin can send a customer letter.", byEditor.Message);
        Assert.Contains("Publish the post-mortem first", notPublished.Message);
        Assert.Contains("Note is too long", tooLong.Message);
        Assert.Empty(Letters.Sent(id));
    }
}
