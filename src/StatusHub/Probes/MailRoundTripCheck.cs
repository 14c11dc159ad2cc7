using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace StatusHub.Probes;

/// <summary>
/// Sends a message carrying a unique token through the company's primary SMTP (the probe's own server and account,
/// never the backup relay's Email settings) and polls the probe mailbox over IMAP until it is seen there. The time from
/// send to first sight is the latency; a refused send or a message not seen within the arrival threshold is a failure,
/// one seen after the warning threshold a warning. Every probe message of this probe found in the mailbox (this one and
/// stale ones from runs that gave up) is deleted.
/// </summary>
public sealed class MailRoundTripCheck(TimeProvider time, IOptions<ProbesOptions> options) : IProbeCheck
{
    public const string TokenPrefix = "statushub-probe-";

    public ProbeKind Kind => ProbeKind.MailRoundTrip;

    /// <summary>What every message of <paramref name="probe"/> carries in its subject, before the run's own part.</summary>
    public static string TokenStart(Probe probe) => $"{TokenPrefix}{probe.Id}-";

    public async Task<ProbeCheckResult> CheckAsync(Probe probe, CancellationToken cancellationToken)
    {
        var mail = probe.Mail!;
        var token = TokenStart(probe) + Storage.Ids.New();
        var started = time.GetTimestamp();
        try
        {
            await SendAsync(mail, token, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ProbeCheckResult.Failed(time.GetElapsedTime(started), ex, $"Sending through {mail.Smtp.Host}:{mail.Smtp.Port} failed");
        }

        using var imap = new ImapClient();
        try
        {
            await imap.ConnectAsync(mail.Imap.Host, mail.Imap.Port, Security(mail.Imap.Tls), cancellationToken);
            await imap.AuthenticateAsync(mail.Imap.Username ?? "", mail.Imap.Password ?? "", cancellationToken);
            await imap.Inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Sent, but the mailbox it should arrive in cannot be read: say which end failed.
            return ProbeCheckResult.Failed(time.GetElapsedTime(started), ex, $"The probe mailbox ({mail.Imap.Host}:{mail.Imap.Port} over IMAP) cannot be read");
        }

        var arrival = TimeSpan.FromSeconds(mail.ArrivalTimeoutSeconds);
        while (true)
        {
            var arrived = await TakeProbeMessagesAsync(imap.Inbox, TokenStart(probe), token, cancellationToken);
            var latency = time.GetElapsedTime(started);
            if (arrived)
            {
                await imap.DisconnectAsync(quit: true, cancellationToken);
                return latency > TimeSpan.FromSeconds(mail.WarningSeconds)
                    ? ProbeCheckResult.Warning(latency, $"Mail slow: arrived after {latency.TotalSeconds:0} s, more than {mail.WarningSeconds} s.")
                    : ProbeCheckResult.Ok(latency);
            }

            if (latency >= arrival)
            {
                await imap.DisconnectAsync(quit: true, cancellationToken);
                return ProbeCheckResult.Failed(latency, $"Mail did not arrive within {mail.ArrivalTimeoutSeconds} s.");
            }

            await Task.Delay(options.Value.MailPoll, time, cancellationToken);
        }
    }

    private static async Task SendAsync(MailProbeSettings mail, string token, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(mail.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = $"StatusHub mail probe {token}";
        message.Headers.Add("X-StatusHub-Probe", token);
        message.Body = new TextPart("plain") { Text = "A StatusHub mail round-trip probe. It is deleted as soon as it is read." };
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(mail.Smtp.Host, mail.Smtp.Port, Security(mail.Smtp.Tls), cancellationToken);
        if (mail.Smtp.Username is { } user)
        {
            await smtp.AuthenticateAsync(user, mail.Smtp.Password ?? "", cancellationToken);
        }

        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>Deletes every message of this probe in the mailbox; true when the one carrying <paramref name="token"/> was among them.</summary>
    private static async Task<bool> TakeProbeMessagesAsync(IMailFolder inbox, string probeTokens, string token, CancellationToken cancellationToken)
    {
        await inbox.CheckAsync(cancellationToken);
        var found = await inbox.SearchAsync(SearchQuery.SubjectContains(probeTokens), cancellationToken);
        if (found.Count == 0)
        {
            return false;
        }

        var summaries = await inbox.FetchAsync(found, MessageSummaryItems.Envelope, cancellationToken);
        await inbox.AddFlagsAsync(found, MessageFlags.Deleted, silent: true, cancellationToken);
        await inbox.ExpungeAsync(cancellationToken);
        return summaries.Any(s => s.Envelope?.Subject?.Contains(token, StringComparison.Ordinal) == true);
    }

    private static SecureSocketOptions Security(ProbeTls tls) => tls switch
    {
        ProbeTls.StartTls => SecureSocketOptions.StartTls,
        ProbeTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };
}
