using MimeKit;
using StatusHub.Channels;
using StatusHub.Channels.Email;

namespace StatusHub.Tests.Channels.Email;

public sealed class EmailChannelTests : IAsyncLifetime
{
    private readonly SmtpSink _sink = new();
    private EmailChannelApp _email = null!;

    public ValueTask InitializeAsync()
    {
        _email = new EmailChannelApp(_sink);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _email.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task DeliversMultipartTextAndHtmlWithSubjectFromAndTo()
    {
        var result = await _email.SendAsync("ada@example.org");

        Assert.IsType<SendResult.Sent>(result);
        var mail = Assert.Single(await _sink.WaitForAsync(1));
        Assert.Equal(["ada@example.org"], mail.Recipients);
        Assert.Equal("status@example.net", mail.From);
        var message = mail.Message;
        Assert.Equal("[Example] Elevated API errors", message.Subject);
        Assert.Equal("status@example.net", Assert.IsType<MailboxAddress>(Assert.Single(message.From)).Address);
        Assert.Equal("ada@example.org", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(part => part.ContentType.MimeType));
        Assert.Contains("We are looking into it.", message.TextBody);
        Assert.Contains("<strong>looking</strong>", message.HtmlBody);
    }

    [Fact]
    public async Task TheTextPartReadsTheMarkdownBodyAsPlainTextWhileTheHtmlPartKeepsItsMarkup()
    {
        await _email.SendAsync("ada@example.org", body: "**Webmail** is slow; see [the runbook](https://example.com/runbook).\n\n- IMAP\n- SMTP <relay>");

        var message = Assert.Single(await _sink.WaitForAsync(1)).Message;
        Assert.Contains("Webmail is slow; see the runbook (https://example.com/runbook).\n\n- IMAP\n- SMTP <relay>", message.TextBody?.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("**", message.TextBody);
        Assert.Contains("<strong>Webmail</strong>", message.HtmlBody);
        Assert.Contains("SMTP &lt;relay&gt;", message.HtmlBody);
    }

    [Fact]
    public async Task CarriesOneClickUnsubscribeHeadersWithTheRecipientsOwnLink()
    {
        await _email.SendAsync("Ada@Example.org");

        var message = Assert.Single(await _sink.WaitForAsync(1)).Message;
        var header = message.Headers["List-Unsubscribe"] ?? "";
        Assert.StartsWith($"<{EmailChannelApp.PublicUrl}/unsubscribe?token=", header);
        Assert.EndsWith(">", header);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var link = new Uri(header.Trim('<', '>'));
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        Assert.Equal("ada@example.org", _email.Links.AddressFrom(token));
        Assert.Contains(link.AbsoluteUri, message.TextBody);
        Assert.Contains(link.AbsoluteUri, message.HtmlBody);
        Assert.DoesNotContain(EmailChannel.UnsubscribeMarker, message.TextBody + message.HtmlBody);
    }

    [Fact]
    public async Task KeepsTheMessageIdWhenTheSameDeliveryIsComposedAgain()
    {
        var first = _email.Channel.Compose(_email.Message("ada@example.org"));
        var again = _email.Channel.Compose(_email.Message("ada@example.org"));

        await _email.SendAsync("ada@example.org");

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(first.MessageId, Assert.Single(await _sink.WaitForAsync(1)).Message.MessageId);
        Assert.EndsWith("@example.net", first.MessageId);
    }

    [Fact]
    public void GivesEachRecipientAndNotificationItsOwnMessageId()
    {
        var ada = _email.Channel.Compose(_email.Message("ada@example.org")).MessageId;
        var grace = _email.Channel.Compose(_email.Message("grace@example.org")).MessageId;
        var adaLater = _email.Channel.Compose(_email.Message("ada@example.org", notificationId: "n2")).MessageId;

        Assert.Equal(3, new HashSet<string?> { ada, grace, adaLater }.Count);
    }

    [Fact]
    public async Task EscapesStaffWrittenMarkupInTheHtmlPart()
    {
        await _email.SendAsync("ada@example.org", title: "<script>alert('title')</script> outage", body: "Hello <script>alert('body')</script> & bye");

        var message = Assert.Single(await _sink.WaitForAsync(1)).Message;
        Assert.DoesNotContain("<script", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(", message.HtmlBody);
        Assert.Contains("<script>alert('body')</script> & bye", message.TextBody);
        Assert.Equal("[Example] <script>alert('title')</script> outage", message.Subject);
    }

    [Fact]
    public async Task SendsFiftyMessagesOverNoMoreThanTheConfiguredConnections()
    {
        await using var email = new EmailChannelApp(_sink, connections: 3);
        _sink.Delay = TimeSpan.FromMilliseconds(2);
        var results = new SendResult[50];

        await Parallel.ForAsync(0, 50, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            results[i] = await email.SendAsync($"reader{i}@example.org"));

        Assert.All(results, result => Assert.IsType<SendResult.Sent>(result));
        Assert.Equal(50, (await _sink.WaitForAsync(50)).Select(m => m.Recipients[0]).Distinct().Count());
        Assert.InRange(_sink.ConnectionsOpened, 1, 3);
    }

    [Theory]
    [InlineData(451)]
    [InlineData(421)]
    public async Task AsksForARetryWhenTheRelaySaysTryLater(int code)
    {
        _sink.Reject("ada@example.org", code);

        var result = await _email.SendAsync("ada@example.org");

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), transient.Error);
        Assert.Empty(_sink.Received);
    }

    [Fact]
    public async Task GivesUpOnAMailboxTheRelaySaysIsUnavailable()
    {
        _sink.Reject("gone@example.org", 550);

        var result = await _email.SendAsync("gone@example.org");

        Assert.Contains("550", Assert.IsType<SendResult.Permanent>(result).Error);
        Assert.Empty(_sink.Received);
    }

    [Fact]
    public async Task KeepsUsingTheConnectionAfterTheRelayRefusesOneRecipient()
    {
        _sink.Reject("gone@example.org", 550);

        await _email.SendAsync("gone@example.org");
        var next = await _email.SendAsync("ada@example.org");

        Assert.IsType<SendResult.Sent>(next);
        Assert.Equal(["ada@example.org"], Assert.Single(await _sink.WaitForAsync(1)).Recipients);
        Assert.Equal(1, _sink.ConnectionsOpened);
    }

    [Fact]
    public async Task CarriesOnAfterTheRelayClosedTheConnectionWith421()
    {
        _sink.Reject("ada@example.org", 421);
        Assert.IsType<SendResult.Transient>(await _email.SendAsync("ada@example.org"));

        var next = await _email.SendAsync("grace@example.org");

        Assert.IsType<SendResult.Sent>(next);
        Assert.Equal(["grace@example.org"], Assert.Single(await _sink.WaitForAsync(1)).Recipients);
    }

    [Fact]
    public async Task ReconnectsWhenTheRelayDroppedAnIdleConnection()
    {
        await _email.SendAsync("ada@example.org");
        _sink.RefuseConnections();
        _sink.AcceptConnections();

        var result = await _email.SendAsync("grace@example.org");

        Assert.IsType<SendResult.Sent>(result);
        Assert.Equal(2, (await _sink.WaitForAsync(2)).Count);
        Assert.Equal(2, _sink.ConnectionsOpened);
    }

    [Theory]
    [InlineData(553)]
    [InlineData(550)]
    public async Task KeepsTheMessageQueuedWhenTheRelayRefusesTheSender(int code)
    {
        _sink.Reject("status@example.net", code);

        var result = await _email.SendAsync("ada@example.org");

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains("Email:From", transient.Error);
    }

    [Fact]
    public async Task KeepsTheMessageQueuedWhenTheRelayWantsCredentialsItWasNotGiven()
    {
        await using var sink = new SmtpSink("relay-user", "s3cret");
        await using var email = new EmailChannelApp(sink);

        var result = await email.SendAsync("ada@example.org");

        Assert.IsType<SendResult.Transient>(result);
    }

    [Fact]
    public async Task AsksForARetryWhenTheRelayRefusesConnections()
    {
        _sink.RefuseConnections();

        var result = await _email.SendAsync("ada@example.org");

        Assert.Contains($"{_sink.Host}:{_sink.Port}", Assert.IsType<SendResult.Transient>(result).Error);
    }

    [Fact]
    public async Task SendsAgainOnceTheRelayIsBack()
    {
        await _email.SendAsync("ada@example.org");
        _sink.RefuseConnections();
        Assert.IsType<SendResult.Transient>(await _email.SendAsync("grace@example.org"));

        _sink.AcceptConnections();
        var result = await _email.SendAsync("grace@example.org");

        Assert.IsType<SendResult.Sent>(result);
        Assert.Equal(2, (await _sink.WaitForAsync(2)).Count);
    }

    [Fact]
    public async Task SignsInWithTheConfiguredCredentials()
    {
        await using var sink = new SmtpSink("relay-user", "s3cret");
        await using var email = new EmailChannelApp(sink, configure: options => (options.Smtp.Username, options.Smtp.Password) = ("relay-user", "s3cret"));

        var result = await email.SendAsync("ada@example.org");

        Assert.IsType<SendResult.Sent>(result);
        Assert.Single(await sink.WaitForAsync(1));
    }
}
