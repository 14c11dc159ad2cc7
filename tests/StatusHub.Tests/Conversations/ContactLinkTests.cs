using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;
using StatusHub.StaticExport;
using StatusHub.StatusPage;
using StatusHub.Tests.StaticExport;

namespace StatusHub.Tests.Conversations;

/// <summary>"If our mail is down, reach us here" in every email, and the form in the static copy only when it can post to a live StatusHub.</summary>
public sealed class ContactLinkTests
{
    private const string PublicUrl = "https://status.example.com";

    [Theory]
    [InlineData(NotificationEvent.IncidentCreated)]
    [InlineData(NotificationEvent.PostmortemPublished)]
    [InlineData(NotificationEvent.SubscriptionConfirmation)]
    [InlineData(NotificationEvent.CustomerLetter)]
    [InlineData(NotificationEvent.Test)]
    public void EveryEmailCarriesTheContactLineOnceThePageHasAnAddress(NotificationEvent notificationEvent)
    {
        var renderer = new MessageRenderer(new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), new ListLogger<TemplateLibrary>()));

        var withAddress = renderer.Render(ChannelNames.Email, Content(notificationEvent, Page(PublicUrl)));
        var without = renderer.Render(ChannelNames.Email, Content(notificationEvent, Page(null)));

        Assert.Contains($"If our mail is down, reach us here: {PublicUrl}/contact", withAddress.Text);
        Assert.Contains($"<a href=\"{PublicUrl}/contact\">", withAddress.Html);
        Assert.DoesNotContain("If our mail is down", without.Text + without.Html);
    }

    [Fact]
    public async Task TheStaticCopyCarriesTheFormPostingToTheLiveStatusHubOnlyWithAPublicUrl()
    {
        using var output = new TempFolder();
        var withUrl = Path.Combine(output.Path, "with-url");
        var withoutUrl = Path.Combine(output.Path, "without-url");

        var incidentId = await ExportAsync(PublicUrl, withUrl);
        var otherIncidentId = await ExportAsync(null, withoutUrl);

        var form = ExportedSite.Read(withUrl, "contact/index.html");
        Assert.Contains($"<form method=\"post\" action=\"{PublicUrl}/contact\"", form);
        Assert.Contains($"form-action 'self' {PublicUrl}", System.Net.WebUtility.HtmlDecode(form));
        Assert.Contains("href=\"contact/index.html\">Contact us</a>", ExportedSite.Read(withUrl, "index.html"));
        Assert.Contains($"href=\"{PublicUrl}/contact?incident={incidentId}\"", ExportedSite.Read(withUrl, $"incidents/{incidentId}/index.html"));
        Assert.Empty(ExportedSite.BrokenLinks(withUrl));

        Assert.False(File.Exists(Path.Combine(withoutUrl, "contact/index.html")));
        Assert.DoesNotContain("contact", ExportedSite.Read(withoutUrl, "index.html"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("contact", ExportedSite.Read(withoutUrl, $"incidents/{otherIncidentId}/index.html"), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Opens an incident in a fresh store with <paramref name="publicUrl"/> and exports the site to <paramref name="target"/>.</summary>
    private static async Task<string> ExportAsync(string? publicUrl, string target)
    {
        using var data = new TempFolder();
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = data.Path, ["StatusPage:PublicUrl"] = publicUrl };
        await using var app = AppServices.Build(settings, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestStore.Start));
        var incident = app.Services.GetRequiredService<IncidentService>().Open(
            new NewIncident("Mail delayed", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "oncall@example.com");
        app.Services.GetRequiredService<StatusSnapshotService>().Rebuild();
        await app.Services.GetRequiredService<StaticExporter>().ExportAsync(new ExportFolder(target, data.Path), cancellationToken: TestContext.Current.CancellationToken);
        return incident.Id;
    }

    private static PageInfo Page(string? publicUrl) =>
        ((IPageAddress)new StatusPageOptions { Name = "Acme", PublicUrl = publicUrl }).Page;

    private static NotificationContent Content(NotificationEvent notificationEvent, PageInfo page)
    {
        var model = NotificationContent.BaseModel(notificationEvent, page, "Something happened", page.Url, page.Url);
        return new NotificationContent(notificationEvent, "Something happened", null, null, [], model, new System.Text.Json.Nodes.JsonObject());
    }
}
