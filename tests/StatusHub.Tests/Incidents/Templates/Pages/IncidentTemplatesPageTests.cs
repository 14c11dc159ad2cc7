using Bunit;
using StatusHub.Audit;
using StatusHub.Incidents;
using StatusHub.Incidents.Templates;
using StatusHub.Incidents.Templates.Pages;
using StatusHub.StatusComponents;

namespace StatusHub.Tests.Incidents.Templates.Pages;

public class IncidentTemplatesPageTests : StaffPageApp
{
    [Fact]
    public void CreatesATemplateWithComponentsByNameThenEditsAndDeletesIt()
    {
        var relay = Store.Component("SMTP relay");
        var page = Render<IncidentTemplates>();

        page.Find("#template-name").Change("Relay slow");
        page.Find("#template-title").Change("Outgoing mail slow");
        page.Find("#template-impact").Change("minor");
        page.Find("#template-body").Input("Mail is queued.");
        page.Find($"#template-component-{relay.Id}").Change("partial_outage");
        page.Find("#template-form").Submit();

        var saved = Assert.Single(Store.Store.Collection<IncidentTemplate>().FindAll());
        Assert.Equal(("Relay slow", "Outgoing mail slow", IncidentImpact.Minor, "Mail is queued.", (List<string>?)null), (saved.Name, saved.Title, saved.Impact, saved.Body, saved.Channels));
        Assert.Equal([new TemplateComponent("SMTP relay", ComponentStatus.PartialOutage)], saved.Components);

        page.Find($"[data-template='{saved.Id}'] .edit-template").Click();
        page.Find("#template-title").Change("Outgoing mail delayed");
        page.Find("#template-form").Submit();
        Assert.Equal("Outgoing mail delayed", Store.Get<IncidentTemplateService>().Get(saved.Id).Title);

        page.Find($"[data-template='{saved.Id}'] .delete-template").Click();
        Assert.Single(Store.Store.Collection<IncidentTemplate>().FindAll());
        Assert.Contains("Delete “Relay slow”?", page.Find($"[data-template='{saved.Id}'] .confirm").TextContent);
        page.Find($"[data-template='{saved.Id}'] .confirm-delete").Click();
        Assert.Empty(Store.Store.Collection<IncidentTemplate>().FindAll());
        Assert.Equal(3, Store.Get<AuditLog>().Page(0, $"incident_template:{saved.Id}").Count(e => e.Actor == Editor));
    }

    [Fact]
    public void ListsTheShippedTemplatesSayingWhichComponentsAreMissingAndRefusesABadSaveWithAMessage()
    {
        var page = Render<IncidentTemplates>();

        var row = page.Find($"[data-template='{ShippedIncidentTemplates.IdPrefix}inbound-mail-not-parsed']");
        Assert.Contains("shipped (inbound-mail-not-parsed.json)", row.TextContent);
        Assert.Contains("No component here is called Inbound mail", row.TextContent);
        Assert.Equal(4, page.FindAll("tbody tr").Count);

        row.QuerySelector(".edit-template")!.Click();
        page.Find("#template-title").Change("Bell\u0007");
        page.Find("#template-form").Submit();

        Assert.Contains("Title", page.Find("#template-form [role=alert]").TextContent);
        Assert.Empty(Store.Store.Collection<IncidentTemplate>().FindAll());
    }
}
