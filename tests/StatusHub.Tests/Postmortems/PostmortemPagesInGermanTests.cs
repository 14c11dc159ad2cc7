using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.Postmortems;
using StatusHub.Staff;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Postmortems;

/// <summary>The public post-mortem pages speak the page's language (StatusPage:Language); what staff wrote stays as written.</summary>
public sealed class PostmortemPagesInGermanTests : IAsyncDisposable
{
    private readonly StatusHubApp _app = new() { Settings = { ["StatusPage:Language"] = "de" } };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_list_and_the_article_have_their_fixed_words_in_German_and_staff_text_as_written()
    {
        var admin = _app.CreateAccount(StaffRoles.Admin);
        var mail = _app.Services.GetRequiredService<ComponentService>().Create(new ComponentDraft("Mail", null, null), "tester@example.com");
        var incidents = _app.Services.GetRequiredService<IncidentService>();
        var now = _app.Time.GetUtcNow().UtcDateTime;
        var incident = incidents.Open(new NewIncident("Mail delayed", null, new UpdateDraft(IncidentStatus.Investigating, "Mail is slow.", now.AddHours(-2),
            new Dictionary<string, ComponentStatus> { [mail.Id] = ComponentStatus.MajorOutage })), "tester@example.com");
        incident = incidents.Resolve(incident.Id, incident.Version, "Mail flows again.", "tester@example.com");
        var postmortems = _app.Services.GetRequiredService<PostmortemService>();
        var inReview = postmortems.ReadyForReview(incident, draft => draft with
        {
            ActionItems = [new ActionItem(Ids.New(), "Alert when a disk is 80 % full.", "Dana", null, ActionItemStatus.InProgress, IsPublic: true)],
        });
        postmortems.Publish(incident.Id, inReview.Version, admin.Email);
        using var client = _app.CreateClient();

        var list = await client.GetStringAsync("/postmortems", TestContext.Current.CancellationToken);
        var article = await client.GetStringAsync($"/postmortems/{incident.Id}", TestContext.Current.CancellationToken);

        Assert.Contains("<h1>Post-Mortems</h1>", list);
        Assert.Contains("Veröffentlicht", list);
        Assert.Contains("Störung am", list);
        Assert.Contains("Post-Mortem zu", article);
        Assert.Contains("Beginn", article);
        Assert.Contains("Dauer", article);
        Assert.Contains("Zeit in jedem Status", article);
        Assert.Contains("In Arbeit", article);
        Assert.Contains("Als Markdown herunterladen", article);
        Assert.Contains("← Alle Post-Mortems", article);
        Assert.Contains("Alert when a disk is 80 % full.", article);
        Assert.DoesNotContain("Worst status", article);
        Assert.DoesNotContain("Download as Markdown", article);
        Assert.DoesNotContain("What went wrong, what it did to you", list);
    }
}
