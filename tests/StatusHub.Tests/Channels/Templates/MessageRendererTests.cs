using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.Channels.Templates;

/// <summary>Markdown values as each channel's templates see them.</summary>
public class MessageRendererTests
{
    private const string Body = "**Webmail** is slow, see [the runbook](https://example.com/runbook).\n\n- IMAP\n- SMTP";

    [Fact]
    public void AnSmsTemplateThatQuotesTheBodyGetsOnePlainLine()
    {
        using var folder = new TempFolder();
        var templates = Path.Combine(folder.Path, "templates");
        Directory.CreateDirectory(Path.Combine(templates, "sms"));
        File.WriteAllText(Path.Combine(templates, "sms", "incident_created.text.liquid"), "{{ incident.name }}: {{ update.body }}");
        var renderer = new MessageRenderer(new TemplateLibrary(templates, new ListLogger<TemplateLibrary>()));

        var sms = renderer.Render(ChannelNames.Sms, Content());

        Assert.Equal("Webmail: Webmail is slow, see the runbook (https://example.com/runbook). - IMAP - SMTP Reply STOP to opt out. https://status.example.com/i/i1", sms.Text);
    }

    [Fact]
    public void TheShippedTemplatesRenderTheBodyForEachChannel()
    {
        var renderer = new MessageRenderer(new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), new ListLogger<TemplateLibrary>()));

        var telegram = renderer.Render(ChannelNames.Telegram, Content());
        var email = renderer.Render(ChannelNames.Email, Content());

        Assert.Contains("<b>Webmail</b> is slow, see <a href=\"https://example.com/runbook\">the runbook</a>.\n\n• IMAP\n• SMTP", telegram.Text);
        Assert.Contains("Webmail is slow, see the runbook (https://example.com/runbook).\n\n- IMAP\n- SMTP", email.Text);
        Assert.Contains("<strong>Webmail</strong>", email.Html);
        Assert.DoesNotContain("**", telegram.Text + email.Text + email.Html);
    }

    [Fact]
    public void EachChatPlatformGetsTheTitleAndThePlainBodyAndFallsBackToTheNoticesTitleWhenItsTemplateGivesNone()
    {
        using var folder = new TempFolder();
        var templates = Path.Combine(folder.Path, "templates");
        Directory.CreateDirectory(Path.Combine(templates, "slack"));
        File.WriteAllText(Path.Combine(templates, "slack", "default.subject.liquid"), "{% if false %}x{% endif %}");
        var shipped = new MessageRenderer(new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), new ListLogger<TemplateLibrary>()));
        var edited = new MessageRenderer(new TemplateLibrary(templates, new ListLogger<TemplateLibrary>()));

        foreach (var channel in ChannelNames.Announcements)
        {
            var message = shipped.Render(channel, Content());
            Assert.Equal("Webmail", message.Subject);
            Assert.Contains("Webmail is slow, see the runbook (https://example.com/runbook).", message.Text);
            Assert.DoesNotContain("**Webmail**", message.Text);
            Assert.NotNull(message.Payload);
        }

        Assert.Equal("Webmail", edited.Render(ChannelNames.Slack, Content()).Subject);
    }

    private static NotificationContent Content()
    {
        var now = TestStore.Start.UtcDateTime;
        var update = new IncidentUpdate { Id = "u1", Status = IncidentStatus.Investigating, Body = Body, Author = "staff@example.com", PostedAt = now, DisplayAt = now };
        var incident = new Incident { Id = "i1", Title = "Webmail", Status = IncidentStatus.Investigating, Updates = [update], CreatedAt = now, UpdatedAt = now };
        return IncidentNotice.For(NotificationEvent.IncidentCreated, incident, update, new PageInfo("Example", "https://status.example.com"), OverallStatus.Operational, id => id);
    }
}
