using Bunit;
using StatusHub.Postmortems;
using StatusHub.Postmortems.Pages;
using StatusHub.Storage;

namespace StatusHub.Tests.Postmortems.Pages;

public class ActionItemsTests : PostmortemPageApp
{
    private Postmortem WithItems(string title, params ActionItem[] items)
    {
        var incident = Store.ResolvedIncident(title: title);
        var started = Postmortems.Start(incident.Id, "short", Editor);
        return Postmortems.Save(incident.Id, started.Version, PostmortemDraft.Of(started) with { ActionItems = items }, Editor);
    }

    private ActionItem Item(string description, int? dueInDays, ActionItemStatus status = ActionItemStatus.Open) =>
        new(Ids.New(), description, "Dana", dueInDays is { } days ? Store.Now.Date.AddDays(days) : null, status, IsPublic: true);

    [Fact]
    public void ListsOpenItemsAcrossPostmortemsOverdueFirstThenByDueDate()
    {
        WithItems("Mail outage", Item("Undated", null), Item("Due next week", 7), Item("Done already", -30, ActionItemStatus.Done));
        WithItems("API outage", Item("Overdue by a day", -1), Item("Due tomorrow", 1, ActionItemStatus.InProgress), Item("Overdue by a month", -30));

        var page = Render<ActionItems>();

        Assert.Equal(
            ["Overdue by a month", "Overdue by a day", "Due tomorrow", "Due next week", "Undated"],
            page.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td")[1].TextContent.Trim()));
        Assert.Equal(2, page.FindAll("tr.overdue").Count);
        Assert.Contains("API outage", page.FindAll("tbody tr")[0].TextContent);
    }

    [Fact]
    public void MarkingAnItemDoneTakesItOffTheList()
    {
        var postmortem = WithItems("Mail outage", Item("Alert on full disks", 3));
        var page = Render<ActionItems>();

        page.Find($"tr[data-item='{postmortem.ActionItems[0].Id}'] .item-status").Change(nameof(ActionItemStatus.Done));

        Assert.Equal(ActionItemStatus.Done, Postmortems.Get(postmortem.Id).ActionItems[0].Status);
        Assert.Contains("Nothing open.", page.Markup);
    }

    [Fact]
    public void SaysWhenThePostmortemWasSavedMeanwhile()
    {
        var postmortem = WithItems("Mail outage", Item("Alert on full disks", 3));
        var page = Render<ActionItems>();
        Postmortems.Save(postmortem.Id, postmortem.Version, PostmortemDraft.Of(postmortem) with { Title = "Renamed" }, "colleague@example.com");

        page.Find(".item-status").Change(nameof(ActionItemStatus.InProgress));

        Assert.Contains("saved by someone else meanwhile", page.Find("[role=alert]").TextContent);
        Assert.Equal(ActionItemStatus.Open, Postmortems.Get(postmortem.Id).ActionItems[0].Status);
        Assert.Contains("Renamed", page.Find("tbody tr").TextContent);
    }
}
