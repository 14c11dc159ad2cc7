using Bunit;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.StatusPage;

public class ComponentListTests : BunitContext
{
    private const string Author = "oncall@example.com";

    [Fact]
    public void ListsComponentsByGroupWithEachGroupsWorstStatus()
    {
        using var store = new TestStore();
        var core = store.Components.CreateGroup("Core", null, Author);
        var mail = store.Components.CreateGroup("Mail", null, Author);
        store.Component("Website");
        store.Component("API", core.Id);
        store.Component("SMTP relay", mail.Id);
        var imap = store.Component("IMAP", mail.Id);
        store.Components.Update(imap with { Status = ComponentStatus.PartialOutage }, Author);
        var webmail = store.Component("Webmail", mail.Id);
        store.Components.Update(webmail with { Status = ComponentStatus.DegradedPerformance }, Author);
        using var snapshots = store.Snapshots();

        var list = Render<ComponentList>(p => p.Add(c => c.Snapshot, snapshots.Current));

        var ungrouped = list.Find(".component-list > ul.component-group");
        Assert.Equal(["Website"], ungrouped.QuerySelectorAll(".component-name").Select(e => e.TextContent));
        var groups = list.FindAll("details.component-group");
        Assert.Equal(["Core", "Mail"], groups.Select(g => g.QuerySelector(".group-name")!.TextContent));
        Assert.Equal(["API"], groups[0].QuerySelectorAll(".component-name").Select(e => e.TextContent));
        Assert.Equal(["SMTP relay", "IMAP", "Webmail"], groups[1].QuerySelectorAll(".component-name").Select(e => e.TextContent));
        groups[0].QuerySelector("summary > .status")!.MarkupMatches(
            """<span class="status status-operational"><span class="status-icon" aria-hidden="true"></span>Operational</span>""");
        groups[1].QuerySelector("summary > .status")!.MarkupMatches(
            """<span class="status status-partial_outage"><span class="status-icon" aria-hidden="true"></span>Partial outage</span>""");
    }

    [Fact]
    public void OpensOnlyTheGroupsWithSomethingWrong()
    {
        using var store = new TestStore();
        var core = store.Components.CreateGroup("Core", null, Author);
        var mail = store.Components.CreateGroup("Mail", null, Author);
        store.Component("API", core.Id);
        var smtp = store.Component("SMTP relay", mail.Id);
        store.Components.Update(smtp with { Status = ComponentStatus.MajorOutage }, Author);
        using var snapshots = store.Snapshots();

        var groups = Render<ComponentList>(p => p.Add(c => c.Snapshot, snapshots.Current)).FindAll("details.component-group");

        Assert.False(groups[0].HasAttribute("open"));
        Assert.True(groups[1].HasAttribute("open"));
        Assert.All(groups, g => Assert.NotNull(g.QuerySelector(".uptime-bar[role=img]")));
    }
}
