using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Channels.Webhooks;
using StatusHub.Incidents;
using StatusHub.Postmortems;
using StatusHub.Staff;
using StatusHub.StatusComponents;
using StatusHub.Storage;
using StatusHub.Subscribers;
using StatusHub.Tests.Channels.Email;

namespace StatusHub.Tests.Postmortems;

/// <summary>Publishing a post-mortem through the whole app: Telegram (fake Bot API), email (SMTP sink), webhooks and SMS (loopback receivers).</summary>
public sealed class PostmortemNotifyTests : IAsyncLifetime
{
    private const string Channel = "@statushub_status";
    private const string Group = "-1001234567890";
    private const string HookSecret = "whsec-postmortems";
    private const string SmsSecret = "sms-postmortems";
    private const string Phone = "+441234567890";
    private const string Secret = "SECRET-internal";

    private readonly StatusHubApp _factory = new();
    private readonly SmtpSink _sink = new();
    private FakeTelegramBotApi _telegram = null!;
    private HttpReceiver _hooks = null!;
    private HttpReceiver _sms = null!;

    public async ValueTask InitializeAsync()
    {
        _telegram = await FakeTelegramBotApi.StartAsync(_factory.Time);
        _hooks = await HttpReceiver.StartAsync(HookSecret, _factory.Time);
        _sms = await HttpReceiver.StartAsync(SmsSecret, _factory.Time);
    }

    public async ValueTask DisposeAsync()
    {
        _factory.Dispose();
        await _telegram.DisposeAsync();
        await _hooks.DisposeAsync();
        await _sms.DisposeAsync();
        await _sink.DisposeAsync();
    }

    private WebApplicationFactory<Program> App(bool notifySms = false) => _factory.WithEmail(_sink, [], new Dictionary<string, string>
    {
        ["Telegram:BotToken"] = FakeTelegramBotApi.Token,
        ["Telegram:ApiBaseUrl"] = _telegram.BaseUrl,
        ["Telegram:ChannelChatId"] = Channel,
        ["Telegram:GroupChatId"] = Group,
        ["Webhooks:Secret"] = HookSecret,
        ["Webhooks:PerSecond"] = "1000",
        ["Sms:WebhookUrl"] = _sms.UrlFor("/sms").ToString(),
        ["Sms:Secret"] = SmsSecret,
        ["Sms:PerSecond"] = "1000",
        ["Sms:Recipients:0"] = Phone,
        ["Postmortems:NotifySms"] = notifySms ? "true" : "false",
    });

    [Fact]
    public async Task PublishingTellsTheAffectedComponentsSubscribersEverywhereExceptBySmsAndNothingInternal()
    {
        var app = App();
        var services = app.Services;
        var components = services.GetRequiredService<ComponentService>();
        var mail = components.Create(new ComponentDraft("Mail", null, null), "staff@example.net");
        var web = components.Create(new ComponentDraft("Website", null, null), "staff@example.net");
        var subscribers = services.GetRequiredService<SubscriberService>();
        subscribers.AddConfirmed(ChannelNames.Email, "ada@example.org", false, [mail.Id], "staff@example.net");
        subscribers.AddConfirmed(ChannelNames.Email, "bob@example.org", false, [web.Id], "staff@example.net");
        services.GetRequiredService<WebhookEndpointService>().Add(_hooks.UrlFor("/hook").ToString(), "ops", null, "staff@example.net");
        var incidents = services.GetRequiredService<IncidentService>();
        var incident = incidents.Open(new NewIncident("Mail delayed", null, new UpdateDraft(IncidentStatus.Investigating, "Mail is slow.", null,
            new Dictionary<string, ComponentStatus> { [mail.Id] = ComponentStatus.MajorOutage })), "staff@example.net");
        _factory.Time.Advance(TimeSpan.FromMinutes(30));
        incident = incidents.Resolve(incident.Id, incidents.Get(incident.Id).Version, "Mail flows again.", "staff@example.net");
        await _telegram.WaitForAsync(c => c.Count(m => m.Method == "sendMessage" && m.Succeeded) == 4);
        await _sink.WaitForAsync(2);
        await _sms.WaitUntilAsync(r => r.Count == 2, TimeSpan.FromSeconds(20));
        await _hooks.WaitUntilAsync(r => r.Count(h => h.Json.TryGetProperty("incident", out _)) == 2, TimeSpan.FromSeconds(20));

        var postmortems = services.GetRequiredService<PostmortemService>();
        var started = postmortems.Start(incident.Id, "short", "staff@example.net");
        var saved = postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with
        {
            Body = PostmortemApp.Written(started.Body),
            ShortStory = "A full disk delayed mail for half an hour.",
            DataLoss = "No mail was lost.",
            Events = [new TimelineEvent(Ids.New(), _factory.Time.GetUtcNow().UtcDateTime.AddMinutes(-40), $"{Secret}: the pager was muted.", IsPublic: false)],
            ActionItems = [new ActionItem(Ids.New(), $"{Secret}: replace the on-call lead.", "Sam", null, ActionItemStatus.Open, IsPublic: false)],
        }, "staff@example.net");
        var inReview = postmortems.SendForReview(incident.Id, saved.Version, "staff@example.net");
        var previews = postmortems.PreviewNotice(inReview);
        var admin = services.GetRequiredService<StaffAccountService>().Create("admin@example.net", StaffRoles.Admin, StaffSignIn.Password, "tests");
        postmortems.Publish(incident.Id, inReview.Version, admin.Email);

        var calls = await _telegram.WaitForAsync(c => c.Count(m => m.Method == "sendMessage" && m.Succeeded) == 6);
        var mails = await _sink.WaitForAsync(3);
        await _hooks.WaitUntilAsync(r => r.Any(h => IsPostmortemHook(h)), TimeSpan.FromSeconds(20));

        foreach (var chat in new[] { Channel, Group })
        {
            var posts = calls.Where(c => c.Method == "sendMessage" && c.ChatId == chat).ToList();
            Assert.Equal(3, posts.Count);
            Assert.StartsWith("📝 <b>Post-mortem: Mail delayed</b>", posts[2].Text);
            Assert.Contains("A full disk delayed mail for half an hour.", posts[2].Text);
            Assert.Contains($"href=\"https://status.example.com/postmortems/{incident.Id}\"", posts[2].Text);
            Assert.Equal(posts[0].MessageId, posts[2].ReplyTo);
            Assert.DoesNotContain(Secret, posts[2].Text ?? "");
        }

        var letter = Assert.Single(mails, m => (m.Message.Subject ?? "").Contains("Post-mortem", StringComparison.Ordinal));
        Assert.Equal(["ada@example.org"], letter.Recipients);
        Assert.Equal("[StatusHub] Post-mortem: Mail delayed", letter.Message.Subject);
        Assert.NotNull(letter.Message.TextBody);
        Assert.Contains($"https://status.example.com/postmortems/{incident.Id}", letter.Message.TextBody);
        Assert.Contains("No mail was lost.", letter.Message.HtmlBody);
        Assert.DoesNotMatch(@"<p>(?:(?!</p>).)*<p>", letter.Message.HtmlBody!.ReplaceLineEndings(""));
        Assert.DoesNotContain(Secret, letter.Message.TextBody + letter.Message.HtmlBody);
        Assert.DoesNotContain(mails, m => m.Recipients.Contains("bob@example.org"));

        var hook = _hooks.Received.Single(IsPostmortemHook);
        var payload = hook.Json.GetProperty("incident");
        Assert.Equal((incident.Id, "A full disk delayed mail for half an hour."), (payload.GetProperty("id").GetString(), payload.GetProperty("postmortem_body").GetString()));
        Assert.DoesNotContain(Secret, hook.Body);

        Assert.Equal(2, _sms.Received.Count);
        var smsPreview = Assert.Single(previews, p => p.Channel == ChannelNames.Sms);
        Assert.False(smsPreview.CarriesEvent);
        Assert.All(previews.Where(p => p.Message is not null), p => Assert.DoesNotContain(Secret, p.Message!.Text + p.Message.Html));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PostmortemsNotifySmsDecidesWhetherTheSmsChannelCarriesThem(bool notifySms)
    {
        var wire = NotificationEvent.PostmortemPublished.ToWire();

        // Listed in Sms:Events or not, the Postmortems switch decides.
        var sms = App(notifySms).WithWebHostBuilder(b => b.UseSetting("Sms:Events:0", wire).UseSetting("Sms:Events:1", "incident_created"))
            .Services.GetRequiredService<IOptionsMonitor<SmsOptions>>().CurrentValue;

        Assert.Equal(notifySms ? ["incident_created", wire] : ["incident_created"], sms.EffectiveEvents);
    }

    private static bool IsPostmortemHook(ReceivedRequest request) =>
        request.Json.TryGetProperty("incident", out var incident) && incident.GetProperty("status").GetString() == "postmortem";
}
