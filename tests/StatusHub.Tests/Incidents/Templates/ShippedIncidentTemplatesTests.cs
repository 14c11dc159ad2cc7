using StatusHub.Channels;
using StatusHub.Incidents;
using StatusHub.Incidents.Templates;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Incidents.Templates;

public class ShippedIncidentTemplatesTests
{
    [Fact]
    public void TheFourShippedTemplatesParseAndAreOffered()
    {
        using var store = new TestStore();

        var offered = store.Get<IncidentTemplateService>().All();

        Assert.Equal(["Degraded performance", "Inbound mail not parsed", "Outbound mail delayed", "Web app unavailable"], offered.Select(t => t.Name));
        Assert.All(offered, t =>
        {
            Assert.True(t.IsShipped);
            Assert.StartsWith(ShippedIncidentTemplates.IdPrefix, t.Id);
            Assert.True(Ids.IsWellFormed(t.Id));
            Assert.Equal(IncidentStatus.Investigating, t.Status);
            Assert.Contains("next update", t.Body);
            Assert.DoesNotContain("TODO", t.Body);
        });
        Assert.Equal(
            [new TemplateComponent("Outbound mail", ComponentStatus.DegradedPerformance)],
            offered.Single(t => t.Name == "Outbound mail delayed").Components);
    }

    [Fact]
    public void ASavedTemplateReplacesTheShippedOneOfTheSameNameAndAShippedOneCannotBeChanged()
    {
        using var store = new TestStore();
        var templates = store.Get<IncidentTemplateService>();
        var shipped = templates.All().Single(t => t.Name == "Web app unavailable");

        var saved = templates.Create(new IncidentTemplateDraft("web app unavailable", "Webmail down", IncidentImpact.Critical, IncidentStatus.Identified, "Our own words.", [], null), "oncall@example.com");

        var offered = templates.All();
        Assert.Equal(4, offered.Count);
        Assert.Equal(saved.Id, offered.Single(t => t.Name.Equals("web app unavailable", StringComparison.OrdinalIgnoreCase)).Id);
        Assert.Contains("shipped template", Assert.Throws<ValidationException>(() => templates.Delete(shipped.Id, 0, "oncall@example.com")).Message);
        Assert.Contains("shipped template", Assert.Throws<ValidationException>(() => templates.Edit(shipped.Id, 0, new IncidentTemplateDraft("X", "X", null, IncidentStatus.Investigating, "X", [], null), "oncall@example.com")).Message);
    }

    [Fact]
    public void AFileThatBreaksARuleIsSkippedAndTheOthersAreStillOffered()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "good.json"), """{"name":"Good","title":"Slow","body":"Slow today.","components":{"API":"partial_outage"},"channels":["email"]}""");
        File.WriteAllText(Path.Combine(folder.Path, "bad-status.json"), """{"name":"Bad","title":"T","body":"B","status":"resolved"}""");
        File.WriteAllText(Path.Combine(folder.Path, "unknown-field.json"), """{"name":"Typo","title":"T","body":"B","chanels":["email"]}""");
        File.WriteAllText(Path.Combine(folder.Path, "broken.json"), """{"name":""");
        var log = new ListLogger<ShippedIncidentTemplates>();

        var offered = new ShippedIncidentTemplates(folder.Path, ChannelNames.All, log).All();

        var good = Assert.Single(offered);
        Assert.Equal(("Good", "shipped-good", "good.json", IncidentStatus.Investigating, (IncidentImpact?)null), (good.Name, good.Id, good.File, good.Status, good.Impact));
        Assert.Equal(3, log.Entries.Count(e => e.Message.Contains("is not offered")));
    }
}
