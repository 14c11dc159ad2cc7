using Microsoft.Extensions.Logging;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;

namespace StatusHub.Tests.Channels.Templates;

public class TemplateLibraryTests
{
    private static readonly Dictionary<string, object?> Model = new()
    {
        ["event"] = "incident_created",
        ["title"] = "Checkout is down",
        ["page"] = new Dictionary<string, object?> { ["name"] = "Acme" },
        ["incident"] = new Dictionary<string, object?> { ["name"] = "Checkout is down" },
        ["update"] = new Dictionary<string, object?> { ["status_label"] = "Investigating" },
    };

    [Fact]
    public void ATemplateWithASyntaxErrorIsReportedWithItsFileAndLineAndTheBuiltInDefaultIsUsed()
    {
        using var folder = new TempFolder();
        var templates = Path.Combine(folder.Path, "templates");
        Directory.CreateDirectory(Path.Combine(templates, "sms"));
        File.WriteAllText(Path.Combine(templates, "sms", "incident_created.text.liquid"), "{{ page.name }}:\n{{ incident.name }}\n{% if incident.name %}unclosed\n");
        var logger = new ListLogger<TemplateLibrary>();
        var library = new TemplateLibrary(templates, logger);

        library.Check(ChannelNames.All);
        var text = library.Render(ChannelNames.Sms, NotificationEvent.IncidentCreated, "text", Model, Fluid.NullEncoder.Default);

        var problem = Assert.Single(library.Problems);
        Assert.Equal(Path.Combine("templates", "sms", "incident_created.text.liquid"), problem.File);
        Assert.Matches(@"line 3\b|\(3:\d+\)", problem.Error);
        var logged = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(problem.File, logged.Message);
        Assert.Contains(problem.Error, logged.Message);
        Assert.Equal("Acme: Checkout is down (Investigating).", text);
    }

    [Fact]
    public void ATemplateNamedForNoEventIsReportedByTheCheckWithTheNamesThatAreUsed()
    {
        using var folder = new TempFolder();
        var templates = Path.Combine(folder.Path, "templates");
        Directory.CreateDirectory(Path.Combine(templates, "telegram"));
        File.WriteAllText(Path.Combine(templates, "telegram", "maintenance-reminder.text.liquid"), "Soon: {{ maintenance.name }}");
        File.WriteAllText(Path.Combine(templates, "telegram", "maintenance_reminder.text.liquid"), "Soon: {{ maintenance.name }}");
        File.WriteAllText(Path.Combine(templates, "telegram", "default.text.liquid"), "{{ title }}");
        var library = new TemplateLibrary(templates, new ListLogger<TemplateLibrary>());

        library.Check(ChannelNames.All);

        var problem = Assert.Single(library.Problems);
        Assert.Equal(Path.Combine("templates", "telegram", "maintenance-reminder.text.liquid"), problem.File);
        Assert.Contains("maintenance_reminder", problem.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedTemplatesPassTheCheck()
    {
        var library = new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), new ListLogger<TemplateLibrary>());

        library.Check(ChannelNames.All);

        Assert.Empty(library.Problems);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "templates", "telegram", "maintenance_reminder.text.liquid")));
    }

    [Fact]
    public void AnEventTemplateOnDiskWinsOverTheDefault()
    {
        using var folder = new TempFolder();
        var templates = Path.Combine(folder.Path, "templates");
        Directory.CreateDirectory(Path.Combine(templates, "sms"));
        File.WriteAllText(Path.Combine(templates, "sms", "incident_created.text.liquid"), "DOWN: {{ incident.name }}");
        var library = new TemplateLibrary(templates, new ListLogger<TemplateLibrary>());

        var text = library.Render(ChannelNames.Sms, NotificationEvent.IncidentCreated, "text", Model, Fluid.NullEncoder.Default);

        Assert.Equal("DOWN: Checkout is down", text);
        Assert.Empty(library.Problems);
    }

    [Fact]
    public void ASubscriptionConfirmationKeepsItsLinkWhenItsTemplatesAreMissingFromDisk()
    {
        using var folder = new TempFolder();
        var library = new TemplateLibrary(Path.Combine(folder.Path, "templates"), new ListLogger<TemplateLibrary>());
        var content = NotificationContent.ForSubscription(new PageInfo("Acme", "https://status.example.com"), "https://status.example.com/subscribe/confirm?id=a&token=b", null, "API");

        var message = new MessageRenderer(library).Render(ChannelNames.Email, content);

        Assert.Equal("[Acme] Confirm your subscription to status updates", message.Subject);
        Assert.Contains("https://status.example.com/subscribe/confirm?id=a&token=b", message.Text);
        Assert.Contains("You would follow: API", message.Text);
    }
}
