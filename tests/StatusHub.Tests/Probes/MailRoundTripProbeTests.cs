using StatusHub.Probes;

namespace StatusHub.Tests.Probes;

/// <summary>The mail round-trip probe against a real dovecot IMAP server, the SMTP sink delivering into its maildir.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MailRoundTripProbeTests : IAsyncLifetime
{
    private readonly ProbeApp _app = new();
    private readonly DovecotImap _imap = new();
    private readonly SmtpSink _smtp = new("probe-sender", "smtp-secret");

    public ValueTask InitializeAsync()
    {
        _smtp.DeliverTo = _imap.Deliver;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _smtp.DisposeAsync();
        _imap.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task MailThatArrivesIsOkAndDeletedTogetherWithStaleProbeMessages()
    {
        var probe = _app.Create(MailProbe());
        _imap.Deliver(ProbeMessage($"{MailRoundTripCheck.TokenStart(probe)}stale"));
        _imap.Deliver(ProbeMessage("someone else's mail"));

        var result = await _app.RunAsync(probe);

        Assert.Equal(ProbeOutcome.Ok, result.Outcome);
        var sent = Assert.Single(_smtp.Received);
        Assert.Equal(("probe-bot@example.com", DovecotImap.User), (sent.From, sent.Recipients.Single()));
        Assert.StartsWith($"StatusHub mail probe {MailRoundTripCheck.TokenStart(probe)}", sent.Message.Subject);
        Assert.Equal(1, _imap.MessageCount);
    }

    [Fact]
    public async Task MailThatStopsArrivingCountsAsFailingAfterTwoOfThreeRunsAndRecoversWhenItIsBack()
    {
        var probe = _app.Create(MailProbe());
        _smtp.DeliverTo = null;

        var first = await _app.RunAsync(probe);
        Assert.Equal((ProbeOutcome.Failed, "Mail did not arrive within 120 s."), (first.Outcome, first.Message));
        Assert.Empty(_app.Changes.Seen);

        await _app.RunAsync(probe);
        var failing = Assert.Single(_app.Changes.Seen);
        Assert.True(failing.Failing);
        Assert.Equal((probe.Id, "Mail did not arrive within 120 s."), (failing.ProbeId, failing.WhatFailed));
        await _app.RunAsync(probe);
        Assert.Single(_app.Changes.Seen);
        Assert.True(_app.Results.Health(probe.Id)!.Failing);

        _smtp.DeliverTo = _imap.Deliver;
        Assert.Equal(ProbeOutcome.Ok, (await _app.RunAsync(probe)).Outcome);
        Assert.Single(_app.Changes.Seen);
        var since = _app.Now;
        Assert.Equal(ProbeOutcome.Ok, (await _app.RunAsync(probe)).Outcome);

        Assert.Equal([true, false], _app.Changes.Seen.Select(c => c.Failing));
        Assert.Equal(since, _app.Changes.Seen[1].Since);
        Assert.False(_app.Results.Health(probe.Id)!.Failing);
        Assert.Equal(0, _imap.MessageCount);
    }

    [Fact]
    public async Task MailThatArrivesAfterTheWarningThresholdIsAWarning()
    {
        var probe = _app.Create(MailProbe());
        _smtp.DeliverTo = null;

        var result = await _app.RunAsync(probe, TimeSpan.FromSeconds(30), steps =>
        {
            // Delivered while the probe waits after its look at 60 s, so first seen at its look at 90 s.
            if (steps == 2)
            {
                _imap.Deliver(_smtp.Received.Single().Message);
            }
        });

        Assert.Equal(ProbeOutcome.Warning, result.Outcome);
        Assert.Equal("Mail slow: arrived after 90 s, more than 60 s.", result.Message);
        Assert.Equal(90_000, _app.Results.Recent(probe.Id, 1).Single().LatencyMilliseconds);
        Assert.Equal(0, _imap.MessageCount);
    }

    [Fact]
    public async Task ASendTheSmtpServerRefusesIsAFailure()
    {
        var probe = _app.Create(MailProbe());
        _smtp.Reject(DovecotImap.User, 550);

        var result = await _app.RunAsync(probe);

        Assert.Equal(ProbeOutcome.Failed, result.Outcome);
        Assert.StartsWith($"Sending through {_smtp.Host}:{_smtp.Port} failed: ", result.Message);
    }

    [Fact]
    public async Task AProbeMailboxThatCannotBeReadIsAFailureThatSaysItIsTheMailbox()
    {
        var settings = MailProbe();
        var probe = _app.Create(settings with { Mail = settings.Mail! with { Imap = settings.Mail.Imap with { Password = "wrong" } } });

        var result = await _app.RunAsync(probe);

        Assert.Equal(ProbeOutcome.Failed, result.Outcome);
        Assert.StartsWith($"The probe mailbox ({_imap.Host}:{_imap.Port} over IMAP) cannot be read: ", result.Message);
        Assert.Contains("Authentication failed", result.Message);
    }

    private Probe MailProbe() => new()
    {
        Id = "",
        Name = "Mail in and out",
        Kind = ProbeKind.MailRoundTrip,
        Mail = new MailProbeSettings
        {
            Smtp = new MailServer { Host = _smtp.Host, Port = _smtp.Port, Tls = ProbeTls.None, Username = "probe-sender", Password = "smtp-secret" },
            Imap = new MailServer { Host = _imap.Host, Port = _imap.Port, Tls = ProbeTls.None, Username = DovecotImap.User, Password = DovecotImap.Password },
            From = "probe-bot@example.com",
            To = DovecotImap.User,
            ArrivalTimeoutSeconds = 120,
            WarningSeconds = 60,
        },
    };

    private static MimeKit.MimeMessage ProbeMessage(string subject)
    {
        var message = new MimeKit.MimeMessage { Subject = subject, Body = new MimeKit.TextPart("plain") { Text = "x" } };
        message.From.Add(MimeKit.MailboxAddress.Parse("someone@example.com"));
        message.To.Add(MimeKit.MailboxAddress.Parse(DovecotImap.User));
        return message;
    }
}
