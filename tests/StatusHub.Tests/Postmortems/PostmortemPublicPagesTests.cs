using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.Postmortems;
using StatusHub.Staff;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Postmortems;

public class PostmortemPublicPagesTests(StatusHubApp factory) : IClassFixture<StatusHubApp>
{
    private const string Secret = "SECRET-internal";

    private PostmortemService Postmortems => factory.Services.GetRequiredService<PostmortemService>();

    /// <summary>A resolved incident with a published post-mortem holding an internal event and an internal action item.</summary>
    private (Incident Incident, Postmortem Postmortem) Published(string title)
    {
        var admin = factory.CreateAccount(StaffRoles.Admin);
        var components = factory.Services.GetRequiredService<ComponentService>();
        var incidents = factory.Services.GetRequiredService<IncidentService>();
        var mail = components.Create(new ComponentDraft($"Mail {Guid.NewGuid():n}"[..12], null, null), "tester@example.com");
        var now = factory.Time.GetUtcNow().UtcDateTime;
        var incident = incidents.Open(new NewIncident(title, null, new UpdateDraft(IncidentStatus.Investigating, "Mail is slow.", now.AddHours(-2),
            new Dictionary<string, ComponentStatus> { [mail.Id] = ComponentStatus.MajorOutage })), "tester@example.com");
        incident = incidents.Resolve(incident.Id, incident.Version, "Mail flows again.", "tester@example.com");
        var started = Postmortems.Start(incident.Id, "full", "tester@example.com");
        var saved = Postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with
        {
            Body = PostmortemApp.Written(started.Body),
            ShortStory = "A full **disk** delayed mail.",
            DataLoss = "No mail was lost.",
            CustomerImpact = "Mail arrived up to two hours late.",
            Faq = [new FaqEntry("Do I need to resend anything?", "No.")],
            Events =
            [
                new TimelineEvent(Ids.New(), now.AddHours(-3), $"{Secret} event: the pager was muted.", IsPublic: false),
                new TimelineEvent(Ids.New(), now.AddHours(-1), "Replica taken offline.", IsPublic: true),
            ],
            ActionItems =
            [
                new ActionItem(Ids.New(), "Alert when a disk is 80 % full.", "Dana Owner", now.Date.AddDays(7), ActionItemStatus.InProgress, IsPublic: true),
                new ActionItem(Ids.New(), $"{Secret} item: replace the on-call lead.", "Sam", null, ActionItemStatus.Open, IsPublic: false),
            ],
        }, "tester@example.com");
        var inReview = Postmortems.SendForReview(incident.Id, saved.Version, "tester@example.com");
        return (incident, Postmortems.Publish(incident.Id, inReview.Version, admin.Email));
    }

    [Fact]
    public async Task ServesAPublishedPostmortemWithoutACircuitOrCookieAndAnswersNotModified()
    {
        var (incident, _) = Published("Mail delayed");
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/postmortems/{incident.Id}", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/postmortems/{incident.Id}");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var second = await client.SendAsync(again, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<strong>disk</strong> delayed mail.", html);
        Assert.Contains("Mail arrived up to two hours late.", html);
        Assert.Contains("Replica taken offline.", html);
        Assert.Contains("Alert when a disk is 80 % full.", html);
        Assert.Contains("<dt>Do I need to resend anything?</dt>", html);
        Assert.DoesNotContain("blazor.web.js", html);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task NothingInternalReachesThePublicPagesOrTheSnapshot()
    {
        var (incident, _) = Published("Mail delayed again");
        using var client = factory.CreateClient();

        var pages = new[]
        {
            await client.GetStringAsync($"/postmortems/{incident.Id}", TestContext.Current.CancellationToken),
            await client.GetStringAsync("/postmortems", TestContext.Current.CancellationToken),
            await client.GetStringAsync($"/incidents/{incident.Id}", TestContext.Current.CancellationToken),
            await client.GetStringAsync("/", TestContext.Current.CancellationToken),
            await client.GetStringAsync("/api/v2/incidents.json", TestContext.Current.CancellationToken),
            await client.GetStringAsync("/history.rss", TestContext.Current.CancellationToken),
        };

        Assert.All(pages, html => Assert.DoesNotContain(Secret, html));
        Assert.All(pages, html => Assert.DoesNotContain("Dana Owner", html));
        var copy = factory.Services.GetRequiredService<StatusHub.StatusPage.StatusSnapshotService>().Current.PostmortemsByIncident[incident.Id];
        Assert.DoesNotContain(Secret, System.Text.Json.JsonSerializer.Serialize(copy));
    }

    [Fact]
    public async Task ListsPublishedPostmortemsAndLinksThemFromTheIncidentPage()
    {
        var (incident, postmortem) = Published("Mail delayed on Monday");
        using var client = factory.CreateClient();

        var list = await client.GetStringAsync("/postmortems", TestContext.Current.CancellationToken);
        var incidentPage = await client.GetStringAsync($"/incidents/{incident.Id}", TestContext.Current.CancellationToken);
        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains($"href=\"/postmortems/{incident.Id}\">{postmortem.Title}</a>", list);
        Assert.Contains($"<a href=\"/postmortems/{incident.Id}\">Post-mortem: {postmortem.Title}</a>", incidentPage);
        Assert.Contains("<a href=\"/postmortems\">Post-mortems</a>", home);
    }

    [Fact]
    public async Task TheHistoryFeedsAnnounceAPublishedPostmortemWithItsShortStory()
    {
        var (incident, postmortem) = Published("Mail delayed, for feed readers");
        using var client = factory.CreateClient();

        var all = await FeedAsync(client, "/history.atom");
        var component = await FeedAsync(client, $"/components/{incident.ComponentIds.Single()}/history.rss");

        foreach (var feed in new[] { all, component })
        {
            var entry = feed.Items.Single(i => i.Id == $"http://localhost:5000/postmortems/{incident.Id}");
            Assert.Equal($"Post-mortem: {postmortem.Title}", entry.Title.Text);
            Assert.Equal(new Uri($"http://localhost:5000/postmortems/{incident.Id}"), entry.Links.Single().Uri);
            Assert.Contains("<strong>disk</strong> delayed mail.", ((TextSyndicationContent)entry.Content ?? entry.Summary).Text);
            Assert.Contains("postmortem", entry.Categories.Select(c => c.Name));
        }
    }

    [Fact]
    public async Task APostmortemWhoseIncidentIsReopenedSaysSoOnItsPageItsMarkdownAndTheFeedUntilResolvedAgain()
    {
        var (incident, _) = Published("Mail delayed, then again");
        var incidents = factory.Services.GetRequiredService<IncidentService>();
        using var client = factory.CreateClient();
        factory.Time.Advance(TimeSpan.FromMinutes(20));
        var reopened = incidents.PostUpdate(incident.Id, incidents.Get(incident.Id).Version, new UpdateDraft(IncidentStatus.Investigating, "Mail is slow again.", null, null), "tester@example.com");

        var page = await client.GetStringAsync($"/postmortems/{incident.Id}", TestContext.Current.CancellationToken);
        var markdown = await client.GetStringAsync($"/postmortems/{incident.Id}.md", TestContext.Current.CancellationToken);
        var entry = (await FeedAsync(client, "/history.atom")).Items.Single(i => i.Id == $"http://localhost:5000/postmortems/{incident.Id}");
        var api = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v2/incidents.json", TestContext.Current.CancellationToken)).RootElement
            .GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("id").GetString() == incident.Id);

        const string Open = "This incident was reopened after this post-mortem was published and is not resolved yet";
        Assert.Contains(Open, page);
        Assert.Matches($"class=\"notice postmortem-reopened\"[^<]*<a href=\"/incidents/{incident.Id}\">", page);
        Assert.Contains("<dt>Reopened</dt>", page);
        Assert.Contains(Open, markdown);
        Assert.Contains($"- Reopened: {StatusHub.Time.UtcText.Format(reopened.LatestUpdate!.DisplayAt)}", markdown);
        Assert.Contains(Open, ((TextSyndicationContent)entry.Content ?? entry.Summary).Text);
        Assert.Equal("investigating", api.GetProperty("status").GetString());

        factory.Time.Advance(TimeSpan.FromMinutes(30));
        incidents.Resolve(incident.Id, reopened.Version, "Mail flows again, for good.", "tester@example.com");
        page = await client.GetStringAsync($"/postmortems/{incident.Id}", TestContext.Current.CancellationToken);

        Assert.Contains("This incident was reopened after this post-mortem was published and has been resolved again", page);
        Assert.Contains("<dt>Resolved again</dt>", page);
        Assert.DoesNotContain(Open, page);
    }

    [Fact]
    public async Task ThePublicApiReportsTheIncidentAsPostmortemOnceItIsPublished()
    {
        var (incident, _) = Published("Mail delayed a third time");
        using var client = factory.CreateClient();

        var incidents = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v2/incidents.json", TestContext.Current.CancellationToken)).RootElement;

        var listed = incidents.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("id").GetString() == incident.Id);
        Assert.Equal("postmortem", listed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheStaticExportCarriesThePublishedPostmortemWithoutAnythingInternal()
    {
        var (incident, _) = Published("Mail delayed for export");
        var snapshot = factory.Services.GetRequiredService<StatusHub.StatusPage.StatusSnapshotService>().Current;
        var context = new StatusHub.StaticExport.ExportContext(snapshot, factory.Time.GetUtcNow().UtcDateTime);

        var files = new Dictionary<string, string>();
        foreach (var source in factory.Services.GetServices<StatusHub.StaticExport.IExportSource>())
        {
            await foreach (var file in source.FilesAsync(context, TestContext.Current.CancellationToken))
            {
                files[file.Path] = System.Text.Encoding.UTF8.GetString(file.Content);
            }
        }

        Assert.Contains("Mail delayed for export", files[$"postmortems/{incident.Id}/index.html"]);
        Assert.Contains("Mail delayed for export", files["postmortems/index.html"]);
        Assert.Contains("No mail was lost.", files[$"postmortems/{incident.Id}.md"]);
        Assert.All(files.Where(f => f.Key.StartsWith("postmortems/", StringComparison.Ordinal)), f => Assert.DoesNotContain(Secret, f.Value));
    }

    [Fact]
    public async Task ADraftOrAnUnknownIdIsNotFound()
    {
        var incidents = factory.Services.GetRequiredService<IncidentService>();
        var incident = incidents.Open(new NewIncident("Draft only", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), "tester@example.com");
        incident = incidents.Resolve(incident.Id, incident.Version, "Fixed.", "tester@example.com");
        Postmortems.Start(incident.Id, "full", "tester@example.com");
        using var client = factory.CreateClient();

        using var draft = await client.GetAsync($"/postmortems/{incident.Id}", TestContext.Current.CancellationToken);
        using var unknown = await client.GetAsync("/postmortems/nosuchthing", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task SaysWhenAPublishedPostmortemWasUpdated()
    {
        var (incident, postmortem) = Published("Mail delayed for a while");
        using var client = factory.CreateClient();
        var first = await client.GetStringAsync($"/postmortems/{incident.Id}", TestContext.Current.CancellationToken);
        factory.Time.Advance(TimeSpan.FromDays(1));
        var admin = factory.CreateAccount(StaffRoles.Admin);
        var edited = Postmortems.Save(incident.Id, postmortem.Version, PostmortemDraft.Of(postmortem) with { ShortStory = "A full disk delayed mail; we now alert early." }, "tester@example.com");

        var beforeRepublishing = await client.GetStringAsync($"/postmortems/{incident.Id}", TestContext.Current.CancellationToken);
        Postmortems.Publish(incident.Id, edited.Version, admin.Email);
        var after = await client.GetStringAsync($"/postmortems/{incident.Id}", TestContext.Current.CancellationToken);

        Assert.DoesNotContain("updated on", first);
        Assert.DoesNotContain("we now alert early", beforeRepublishing);
        Assert.Contains("we now alert early", after);
        Assert.Contains("updated on <time", after);
    }

    [Fact]
    public async Task DownloadsThePublishedPostmortemAsMarkdownWithoutAnythingInternal()
    {
        var (incident, postmortem) = Published("Mail delayed, downloaded");
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/postmortems/{incident.Id}.md", TestContext.Current.CancellationToken);
        var markdown = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/postmortems/{incident.Id}.md");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var second = await client.SendAsync(again, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"postmortem-{incident.Id}.md", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.StartsWith($"# {postmortem.Title}\n", markdown);
        Assert.Contains("## In short\n\nA full **disk** delayed mail.\n", markdown);
        Assert.Contains("Mail arrived up to two hours late.", markdown);
        Assert.Contains("- Alert when a disk is 80 % full. (In progress)", markdown);
        Assert.Contains("Replica taken offline.", markdown);
        Assert.DoesNotContain(Secret, markdown);
        Assert.DoesNotContain("Dana Owner", markdown);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task TheInternalExportIsForStaffOnlyAndMarksWhatIsInternal()
    {
        var (incident, _) = Published("Mail delayed, exported");
        using var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var editor = await factory.CreateSignedInClientAsync(StaffRoles.Editor);

        using var refused = await anonymous.GetAsync($"/admin/postmortems/{incident.Id}/export.md", TestContext.Current.CancellationToken);
        using var response = await editor.GetAsync($"/admin/postmortems/{incident.Id}/export.md", TestContext.Current.CancellationToken);
        var markdown = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/account/login", refused.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("Internal export", markdown);
        Assert.Contains($"*(internal)*: {Secret} event: the pager was muted.", markdown);
        Assert.Contains($"{Secret} item: replace the on-call lead. · Open · owner Sam *(internal)*", markdown);
        Assert.Contains("owner Dana Owner · due ", markdown);
    }

    private static async Task<SyndicationFeed> FeedAsync(HttpClient client, string path)
    {
        await using var stream = await client.GetStreamAsync(path, TestContext.Current.CancellationToken);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { Async = true });
        return SyndicationFeed.Load(reader);
    }
}
