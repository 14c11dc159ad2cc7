using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;
using StatusHub.Incidents.Pages;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Incidents.Pages;

public class ManageIncidentsTests : StaffPageApp
{
    [Fact]
    public void ADoubleClickOnOpenIncidentOpensOneIncident()
    {
        var page = Render<ManageIncidents>();
        page.Find("#incident-title").Change("Mail backlog");
        page.Find("#incident-body").Input("Looking into it.");

        page.Find("#new-incident form").Submit();
        page.Find("#new-incident form").Submit();

        Assert.Single(Store.Incidents.Recent());
        Assert.Empty(page.FindAll("#new-incident [role=alert]"));
    }

    [Fact]
    public void OpensAnIncidentWithABackDatedFirstUpdateAndComponentStatuses()
    {
        var mail = Store.Component("Mail delivery");
        var web = Store.Component("Webmail");
        var page = Render<ManageIncidents>();

        page.Find("#incident-title").Change("Mail backlog");
        page.Find("#incident-status").Change(nameof(IncidentStatus.Identified));
        page.Find("#incident-body").Input("Alert fired at **03:00**.");
        page.Find("#incident-time").Change("2026-11-23T03:00");
        page.Find($"#incident-component-{mail.Id}").Change("major_outage");
        page.Find("#new-incident form").Submit();

        var incident = Assert.Single(Store.Incidents.Recent());
        var update = Assert.Single(incident.Updates);
        Assert.Equal(("Mail backlog", IncidentStatus.Identified, IncidentImpact.Critical), (incident.Title, incident.Status, incident.Impact));
        Assert.Equal(new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc), update.DisplayAt);
        Assert.Equal(Editor, update.Author);
        Assert.Equal(new Dictionary<string, ComponentStatus> { [mail.Id] = ComponentStatus.MajorOutage }, update.ComponentStatuses);
        Assert.Equal(ComponentStatus.MajorOutage, Store.Components.Get(mail.Id).Status);
        Assert.Equal(ComponentStatus.Operational, Store.Components.Get(web.Id).Status);
        Assert.EndsWith($"/admin/incidents/{incident.Id}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void ShowsTheTypedLocalTimeInUtcAndNamesTheZone()
    {
        var page = Render<ManageIncidents>();

        page.Find("#incident-time").Change("2026-11-23T03:00");

        var hint = page.Find("#incident-time-zone").TextContent;
        Assert.Contains("Europe/Berlin (UTC+01:00)", hint);
        Assert.Contains("That is 2026-11-23 02:00 UTC.", hint);
    }

    [Fact]
    public void PreviewsTypedMarkdownLiveAndNeverRunsTypedScript()
    {
        var page = Render<ManageIncidents>();

        page.Find("#incident-body").Input("We are **investigating**.\n\n<script>alert('x')</script><img src=x onerror=alert(1)>");

        var preview = page.Find("#new-incident .preview-body");
        Assert.Equal("investigating", preview.QuerySelector("strong")?.TextContent);
        Assert.Empty(preview.QuerySelectorAll("script, img"));
        Assert.Contains("<script>alert('x')</script>", preview.TextContent);
    }

    [Fact]
    public void RefusesATimeInTheFutureWithTheServicesMessageAndSavesNothing()
    {
        Store.Component("API");
        var page = Render<ManageIncidents>();

        page.Find("#incident-title").Change("Outage");
        page.Find("#incident-body").Input("Looking into it.");
        page.Find("#incident-time").Change("2026-11-23T14:00");
        page.Find("#new-incident form").Submit();

        Assert.StartsWith("An update cannot describe the future: 2026-11-23 13:00 UTC is after now (2026-11-23 12:00 UTC).", page.Find("#new-incident [role=alert]").TextContent);
        Assert.Empty(Store.Incidents.Recent());
        Assert.Equal("Outage", page.Find("#incident-title").GetAttribute("value"));
    }

    [Fact]
    public void DerivesTheImpactFromTheComponentStatusesUnlessOneIsChosen()
    {
        var api = Store.Component("API");
        var page = Render<ManageIncidents>();

        page.Find("#incident-title").Change("Slow API");
        page.Find("#incident-impact").Change("major");
        page.Find("#incident-body").Input("Slow.");
        page.Find($"#incident-component-{api.Id}").Change("degraded_performance");
        page.Find("#new-incident form").Submit();

        Assert.Equal(IncidentImpact.Major, Store.Incidents.Recent().Single().Impact);
    }

    [Fact]
    public void ListsUnresolvedIncidentsBeforeResolvedOnes()
    {
        var older = Store.Incidents.Open(new NewIncident("Older, still open", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "x")), Editor);
        Store.Time.Advance(TimeSpan.FromMinutes(5));
        var resolved = Store.Incidents.Open(new NewIncident("Newer, resolved", IncidentImpact.Minor, new UpdateDraft(IncidentStatus.Investigating, "x")), Editor);
        Store.Incidents.Resolve(resolved.Id, resolved.Version, "Fixed.", Editor);

        var page = Render<ManageIncidents>();

        Assert.Equal([older.Id, resolved.Id], page.FindAll("tr[data-incident]").Select(r => r.GetAttribute("data-incident")));
        Assert.Equal($"admin/incidents/{older.Id}", page.Find($"tr[data-incident='{older.Id}'] a").GetAttribute("href"));
    }

    [Fact]
    public void LimitsTitleAndBodyToTheModelsMaximumLengths()
    {
        var page = Render<ManageIncidents>();

        Assert.Equal(Incident.MaxTitleLength.ToString(), page.Find("#incident-title").GetAttribute("maxlength"));
        Assert.Equal(IncidentUpdate.MaxBodyLength.ToString(), page.Find("#incident-body").GetAttribute("maxlength"));
    }
}
