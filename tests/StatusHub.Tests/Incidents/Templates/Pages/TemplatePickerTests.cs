using Bunit;
using StatusHub.Incidents;
using StatusHub.Incidents.Pages;
using StatusHub.Incidents.Templates;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Incidents.Templates.Pages;

public class TemplatePickerTests : StaffPageApp
{
    [Fact]
    public void ChoosingATemplateFillsTheNewIncidentFormAndOpeningPublishesItsWords()
    {
        var web = Store.Component("Web App");
        var template = Store.Get<IncidentTemplateService>().All().Single(t => t.Name == "Web app unavailable");
        var page = Render<ManageIncidents>();

        page.Find("#incident-template").Change(template.Id);

        Assert.Equal(template.Title, page.Find("#incident-title").GetAttribute("value"));
        Assert.Equal("major", page.Find("#incident-impact").GetAttribute("value"));
        Assert.Equal(nameof(IncidentStatus.Investigating), page.Find("#incident-status").GetAttribute("value"));
        Assert.Equal(template.Body, page.Find("#incident-body").GetAttribute("value"));
        Assert.Equal("major_outage", page.Find($"#incident-component-{web.Id}").GetAttribute("value"));
        Assert.Empty(page.FindAll(".template-unknown"));

        page.Find("#new-incident form").Submit();

        var incident = Assert.Single(Store.Incidents.Recent());
        Assert.Equal((template.Title, IncidentImpact.Major, template.Body, Editor), (incident.Title, incident.Impact, incident.Updates.Single().Body, incident.Updates.Single().Author));
        Assert.Equal(ComponentStatus.MajorOutage, Store.Components.Get(web.Id).Status);
    }

    [Fact]
    public void SaysWhichComponentsOfTheTemplateThisPageDoesNotHave()
    {
        var page = Render<ManageIncidents>();

        page.Find("#incident-template").Change($"{ShippedIncidentTemplates.IdPrefix}outbound-mail-delayed");

        Assert.Contains("Outbound mail", page.Find(".template-unknown").TextContent);
        Assert.Equal("Outbound mail delayed", page.Find("#incident-title").GetAttribute("value"));
    }
}
