using Bunit;
using StatusHub.Incidents;
using StatusHub.Incidents.Pages;
using StatusHub.Incidents.Suggestions;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Incidents.Pages;

/// <summary>Without the staff chat, the incident's own page is where staff learn what monitoring said about it.</summary>
public class IncidentMonitoringTests : StaffPageApp
{
    private IncidentSuggestions Suggestions => Store.Get<IncidentSuggestions>();

    [Fact]
    public void TheIncidentPageShowsTheAlertsThatOpenedItWhichStillFireAndTheirNotes()
    {
        var mail = Store.Component("Mail delivery");
        var draft = Suggestions.Suggest("alertmanager", "am:queue", [mail.Id], IncidentImpact.Major, "Mail queue growing", "We are looking into delayed mail.", "SmtpQueueGrowing");
        var incident = Suggestions.Publish(draft.Id, Editor);
        Suggestions.Suggest("probe:smtp", "probe:smtp", [mail.Id], IncidentImpact.Major, "SMTP round trip failing", "Mail is delayed.", "no answer from the relay");
        Suggestions.SuggestResolve("alertmanager", "am:queue");

        var page = Render<EditIncident>(p => p.Add(x => x.Id, incident.Id));

        var item = Assert.Single(page.FindAll(".monitoring [data-suggestion]"));
        Assert.Contains("alertmanager · opened this incident as a draft", item.TextContent);
        Assert.Contains("1 of 2 alerts still firing", item.TextContent);
        Assert.Contains("What fired: SmtpQueueGrowing", item.TextContent);
        var notes = item.QuerySelector(".suggestion-notes")!.TextContent;
        Assert.Contains("alertmanager: am:queue resolved; 1 still firing", notes);
        Assert.Contains("probe:smtp: SMTP round trip failing (probe:smtp)", notes);
        Assert.Empty(page.FindAll(".resolve-suggested"));
    }

    [Fact]
    public void OnceEveryAlertOnAnIncidentResolvedThePagesSayResolveSuggestedUntilStaffResolveIt()
    {
        var mail = Store.Component("Mail delivery");
        var incident = Store.Incidents.Open(new NewIncident("Mail delayed", null, new UpdateDraft(IncidentStatus.Investigating, "Looking."), [mail.Id]), Editor);
        Suggestions.Suggest("probe:smtp", "probe:smtp", [mail.Id], IncidentImpact.Major, "SMTP round trip failing", "Mail is delayed.", "no answer from the relay");
        Suggestions.SuggestResolve("probe:smtp", "probe:smtp");

        var page = Render<EditIncident>(p => p.Add(x => x.Id, incident.Id));
        var list = Render<ManageIncidents>();

        Assert.Contains("probe:smtp · added to this incident", page.Find(".monitoring [data-suggestion]").TextContent);
        Assert.Contains("every alert on this incident has resolved (last: probe:smtp", page.Find("p.resolve-suggested").TextContent);
        Assert.Contains("resolve suggested", list.Find($"[data-incident='{incident.Id}'] .badge.resolve-suggested").TextContent);
        Assert.Equal(incident.Id, Assert.Single(Suggestions.IncidentsToResolve()));

        page.Find("#resolve-form").Submit();

        Assert.True(Store.Incidents.Get(incident.Id).IsResolved);
        Assert.Empty(page.FindAll("p.resolve-suggested"));
        Assert.Single(page.FindAll(".monitoring [data-suggestion]"));
    }

    [Fact]
    public void AnIncidentMonitoringSaidNothingAboutHasNoMonitoringSection()
    {
        var incident = Store.Incidents.Open(new NewIncident("By hand", null, new UpdateDraft(IncidentStatus.Investigating, "Looking.")), Editor);

        var page = Render<EditIncident>(p => p.Add(x => x.Id, incident.Id));

        Assert.Empty(page.FindAll(".monitoring"));
    }
}
