using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.Incidents.Suggestions;
using StatusHub.Probes;
using StatusHub.Tests.Alerts;
using StatusHub.Tests.Staff.Telegram;
using StatusHub.Tests.Subscribers.Telegram;

namespace StatusHub.Tests.Probes;

/// <summary>
/// Issue 14's chain end to end, on real parts: the mail round-trip probe sends through an SMTP server that delivers into a
/// real dovecot mailbox, the app's own ProbeLoop schedules it on the fake clock, and its registered listeners turn counted
/// failures into a draft (IncidentSuggestions), announced by DraftAnnouncer to the staff chat on the fake Bot API, where a
/// staff member publishes it to subscribers.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MailProbeDraftChainTests : IAsyncLifetime
{
    private const long Alice = 5101;
    private const string AliceEmail = "alice@example.com";
    private const int Interval = 300;
    private const int Threshold = 120;
    private const int Warning = 60;
    private static readonly TimeSpan MailPoll = TimeSpan.FromSeconds(30);

    /// <summary>The most ProbeLoop adds to an interval so probes set up together do not run together.</summary>
    private static readonly TimeSpan MaxJitter = TimeSpan.FromSeconds(30);

    private readonly DovecotImap _imap = new();
    private readonly SmtpSink _mailServer = new("probe-sender", "smtp-secret");
    private readonly SmtpSink _subscriberMail = new();
    private TelegramBotApp _bot = null!;

    public async ValueTask InitializeAsync()
    {
        _mailServer.DeliverTo = _imap.Deliver;
        _bot = await TelegramBotApp.StartWithStaffChatAsync(
            _subscriberMail,
            StaffChat.StaffChatId,
            ("Email:Recipients:0", "customers@example.org"),
            // The test runs the loop's rounds itself (ProbeLoop.StartDue), so each run is driven on the fake clock.
            ("Probes:Run", "false"),
            ("Probes:MailPoll", "00:00:30"));
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _subscriberMail.DisposeAsync();
        await _mailServer.DisposeAsync();
        _imap.Dispose();
    }

    private DateTime Now => _bot.Time.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task MailThatStopsArrivingOpensOneDraftAndOneStaffMessageAndPublishingItFromTheStaffChatReachesSubscribers()
    {
        var mail = _bot.CreateComponent("Mail delivery");
        StaffChat.Link(_bot, Alice, AliceEmail);
        var alice = new StaffChat(_bot, StaffChat.StaffChatId, Alice);
        var probe = _bot.App.Services.GetRequiredService<ProbeService>().Create(MailProbe(mail.Id), StaffChat.Admin);
        Assert.Equal(ProbeOutcome.Ok, (await NextRunAsync()).Outcome);

        // Mail slow: a warning on the probe, not a failure; nothing for staff.
        _mailServer.DeliverTo = null;
        var slow = await NextRunAsync(step =>
        {
            if (step == 2)
            {
                _imap.Deliver(_mailServer.Received[^1].Message);
            }
        });
        Assert.Equal((ProbeOutcome.Warning, "Mail slow: arrived after 90 s, more than 60 s."), (slow.Outcome, slow.Message));
        Assert.Empty(_bot.Suggestions().Drafts());

        // Mail stops arriving: counted as failing after K = 2 of the last M = 3 runs.
        var stopped = Now;
        Assert.Equal(ProbeOutcome.Failed, (await NextRunAsync()).Outcome);
        Assert.Empty(_bot.Suggestions().Drafts());
        Assert.Equal("Mail did not arrive within 120 s.", (await NextRunAsync()).Message);
        var draft = Assert.Single(_bot.Suggestions().Drafts());
        Assert.True(draft.CreatedAt.ToUniversalTime() - stopped <= 2 * (TimeSpan.FromSeconds(Interval) + MaxJitter) + TimeSpan.FromSeconds(Threshold),
            $"The draft came {draft.CreatedAt.ToUniversalTime() - stopped} after the mail stopped.");
        Assert.Equal([mail.Id], draft.ComponentIds);
        Assert.Equal((IncidentImpact.Minor, "probe:Mail in and out"), (draft.Impact, draft.Source));
        var announcement = Assert.Single(await _bot.StaffMessagesAsync(1));
        Assert.Contains("Draft incident", announcement.Text);
        Assert.Contains("Mail did not arrive within 120 s.", announcement.Text);

        // Still failing: the same draft, no second message.
        Assert.Equal(ProbeOutcome.Failed, (await NextRunAsync()).Outcome);
        Assert.Single(_bot.Suggestions().Drafts());
        Assert.Single(await _bot.StaffMessagesAsync(1));

        // Mail back: after K good runs resolving is suggested, once; nothing is resolved or published.
        _mailServer.DeliverTo = _imap.Deliver;
        Assert.Equal(ProbeOutcome.Ok, (await NextRunAsync()).Outcome);
        Assert.Null(_bot.Suggestions().Get(draft.Id).ResolveSuggestedAt);
        Assert.Equal(ProbeOutcome.Ok, (await NextRunAsync()).Outcome);
        Assert.Equal(ProbeOutcome.Ok, (await NextRunAsync()).Outcome);
        var messages = await _bot.StaffMessagesAsync(2);
        Assert.Equal(2, messages.Count);
        Assert.Contains("Resolve suggested", messages[1].Text);
        Assert.NotNull(_bot.Suggestions().Get(draft.Id).ResolveSuggestedAt);
        Assert.Equal(SuggestionState.Draft, _bot.Suggestions().Get(draft.Id).State);
        Assert.Empty(Incidents.Recent());
        Assert.Empty(_subscriberMail.Received);

        // Publish from the staff chat: the preview, then the incident is public and subscribers are told.
        await alice.TapAsync(announcement, "✅ Publish");
        var preview = alice.Messages[^1];
        Assert.Contains("Draft suggested by probe:Mail in and out", preview.Text);
        await alice.TapDataAsync(preview.MessageId!.Value, StaffChat.Data(preview, "✅ Publish"));

        var incident = Assert.Single(Incidents.Recent());
        Assert.Equal(draft.Title, incident.Title);
        Assert.Equal([mail.Id], incident.ComponentIds);
        Assert.Equal((SuggestionState.Published, incident.Id, AliceEmail), (_bot.Suggestions().Get(draft.Id).State, _bot.Suggestions().Get(draft.Id).IncidentId, _bot.Suggestions().Get(draft.Id).DecidedBy));
        var sent = Assert.Single(await _subscriberMail.WaitForAsync(1));
        Assert.Equal("customers@example.org", sent.Recipients.Single());
        Assert.Contains(draft.Title, sent.Message.Subject);
        Assert.False(_bot.App.Services.GetRequiredService<ProbeResults>().Health(probe.Id)!.Failing);
    }

    private IncidentService Incidents => _bot.App.Services.GetRequiredService<IncidentService>();

    /// <summary>
    /// Moves the clock to the probe's next due time and lets the app's ProbeLoop start it, then moves the clock by the
    /// mail poll whenever the run waits on it; <paramref name="onStep"/> is told each step before the clock moves.
    /// </summary>
    private async Task<ProbeCheckResult> NextRunAsync(Action<int>? onStep = null)
    {
        var loop = _bot.App.Services.GetRequiredService<ProbeLoop>();
        for (var waits = 0; waits * 10 <= Interval + MaxJitter.TotalSeconds; waits++)
        {
            var result = await _bot.Clock.DriveAsync<ProbeCheckResult?>(
                _bot.Time,
                async () => loop.StartDue(TestContext.Current.CancellationToken) is [Task<ProbeCheckResult> run] ? await run : null,
                MailPoll,
                onStep);
            if (result is not null)
            {
                return result;
            }

            _bot.Time.Advance(TimeSpan.FromSeconds(10));
        }

        throw new InvalidOperationException("The probe never came due.");
    }

    private Probe MailProbe(string componentId) => new()
    {
        Id = "",
        Name = "Mail in and out",
        Kind = ProbeKind.MailRoundTrip,
        IntervalSeconds = Interval,
        ComponentIds = [componentId],
        Mail = new MailProbeSettings
        {
            Smtp = new MailServer { Host = _mailServer.Host, Port = _mailServer.Port, Tls = ProbeTls.None, Username = "probe-sender", Password = "smtp-secret" },
            Imap = new MailServer { Host = _imap.Host, Port = _imap.Port, Tls = ProbeTls.None, Username = DovecotImap.User, Password = DovecotImap.Password },
            From = "probe-bot@example.com",
            To = DovecotImap.User,
            ArrivalTimeoutSeconds = Threshold,
            WarningSeconds = Warning,
        },
    };
}
