using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using StatusHub.Channels.Outbox;

namespace StatusHub.Channels.Email;

/// <summary>
/// The backup email path: multipart text + HTML through a separately configured SMTP relay, with a stable
/// Message-ID per notification and recipient and RFC 8058 one-click unsubscribe headers.
/// </summary>
public sealed class EmailChannel(IOptionsMonitor<EmailOptions> options, SmtpPool pool, UnsubscribeLinks unsubscribe, IRecipientLinks links) : INotificationChannel
{
    /// <summary>Stands in templates' output for the recipient's own unsubscribe link until the message is addressed.</summary>
    public const string UnsubscribeMarker = "urn:statushub:unsubscribe";

    /// <summary>Stands in templates' output for the recipient's own (expiring) preferences link until the message is sent.</summary>
    public const string ManageMarker = "urn:statushub:manage";

    public string Name => ChannelNames.Email;

    public string? ConfigurationProblem => EmailOptions.Read(options).Problem;

    public ChannelLimits Limits
    {
        get
        {
            var current = EmailOptions.Read(options).Options;
            return new(Concurrency: Math.Max(1, current.Smtp.Connections), PerSecond: current.PerSecond > 0 ? current.PerSecond : 1);
        }
    }

    /// <summary>Everything people read; component status webhooks are for machines.</summary>
    public bool Carries(NotificationEvent notificationEvent) => notificationEvent != NotificationEvent.ComponentUpdated;

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        MimeMessage mime;
        try
        {
            mime = Compose(message);
        }
        catch (ParseException ex)
        {
            return new SendResult.Permanent($"'{message.Delivery.Target}' is not an email address: {ex.Message}");
        }

        try
        {
            await pool.UseAsync(client => client.SendAsync(mime, cancellationToken), cancellationToken);
            return new SendResult.Sent(mime.MessageId);
        }
        catch (SmtpCommandException ex)
        {
            return Classify(ex);
        }
        catch (ServiceNotAuthenticatedException ex)
        {
            return new SendResult.Transient($"The SMTP relay wants credentials: set Email:Smtp:Username and Email:Smtp:Password ({ex.Message})", ChannelWide: true);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException)
        {
            return new SendResult.Transient($"SMTP relay {options.CurrentValue.Smtp.Host}:{options.CurrentValue.Smtp.Port}: {Text.ExceptionText.Describe(ex)}", ChannelWide: true);
        }
        catch (AuthenticationException ex)
        {
            // Wrong credentials are fixed in configuration, not by the recipient: keep the mail queued.
            return new SendResult.Transient($"SMTP authentication failed: {ex.Message}", ChannelWide: true);
        }
    }

    /// <summary>
    /// Only a recipient refused with 5xx is that recipient's problem. A refused sender is the same for every recipient
    /// and is fixed in configuration, so it must not mark the whole list failing: it stays queued. A message refused
    /// with 5xx after DATA (spam, too big) will be refused again as it is: a dead letter with the relay's reply, the
    /// address kept for the next notice.
    /// </summary>
    public static SendResult Classify(SmtpCommandException ex)
    {
        var what = $"SMTP {(int)ex.StatusCode} {ex.Message}";
        return ex.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted when (int)ex.StatusCode >= 500 => new SendResult.Permanent(what),
            SmtpErrorCode.MessageNotAccepted when (int)ex.StatusCode >= 500 => new SendResult.Permanent($"{what} (the relay refused this message)", MessageOnly: true),
            SmtpErrorCode.SenderNotAccepted => new SendResult.Transient($"{what} (the relay refuses the sender: check Email:From and what the relay may send for)", ChannelWide: (int)ex.StatusCode >= 500),
            _ => new SendResult.Transient(what),
        };
    }

    public MimeMessage Compose(OutgoingMessage message)
    {
        var current = options.CurrentValue;
        var from = MailboxAddress.Parse(current.From ?? throw new InvalidOperationException("Email:From is not set."));
        var to = MailboxAddress.Parse(message.Delivery.Target);
        var link = unsubscribe.For(message.Delivery.Target);
        var manage = links.PreferencesFor(ChannelNames.Email, message.Delivery.Target.Trim().ToLowerInvariant());
        var mime = new MimeMessage
        {
            Subject = message.Content.Subject ?? message.Notification.Title,
            MessageId = StableMessageId(message.Delivery.Id, from.Domain),
            Date = message.Notification.CreatedAt,
        };
        mime.From.Add(from);
        mime.To.Add(to);
        if (!message.Notification.Event.IsAnswer())
        {
            mime.Headers.Add("List-Unsubscribe", $"<{link}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            mime.Headers.Add("Auto-Submitted", "auto-generated");
        }

        var body = new BodyBuilder
        {
            TextBody = message.Content.Text.Replace(UnsubscribeMarker, link, StringComparison.Ordinal).Replace(ManageMarker, manage, StringComparison.Ordinal),
            HtmlBody = message.Content.Html?.Replace(UnsubscribeMarker, link, StringComparison.Ordinal).Replace(ManageMarker, manage, StringComparison.Ordinal),
        };
        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>The same notification to the same recipient always carries the same Message-ID, so a resend after a crash is recognisable.</summary>
    public static string StableMessageId(string deliveryId, string domain) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId)))[..32]}@{(string.IsNullOrEmpty(domain) ? "statushub.local" : domain)}";
}
