using Bunit;
using StatusHub.StatusComponents;
using StatusHub.StatusComponents.Pages;

namespace StatusHub.Tests.StatusComponents.Pages;

public class ManageComponentsTests : StaffPageApp
{
    [Fact]
    public void CreatesAComponentInAGroupFromTheForm()
    {
        var mail = Store.Components.CreateGroup("Mail", null, Editor);
        var page = Render<ManageComponents>();

        page.Find("#new-name").Change("SMTP relay");
        page.Find("#new-description").Change("Outgoing mail");
        page.Find("#new-group").Change(mail.Id);
        page.Find("#new-component").Submit();

        var created = Assert.Single(Store.Components.All());
        Assert.Equal(("SMTP relay", "Outgoing mail", mail.Id), (created.Name, created.Description, created.GroupId));
        Assert.Equal("SMTP relay", page.Find($"[data-component='{created.Id}'] .component-name").TextContent);
        Assert.Equal("", page.Find("#new-name").GetAttribute("value") ?? "");
    }

    [Fact]
    public void ShowsTheServiceMessageForAnEmptyNameAndSavesNothing()
    {
        var page = Render<ManageComponents>();

        page.Find("#new-name").Change("   ");
        page.Find("#new-component").Submit();

        Assert.Equal("Component name is required.", page.Find("#new-component [role=alert]").TextContent);
        Assert.Empty(Store.Components.All());
    }

    [Fact]
    public void LimitsTheNameToTheModelsMaximumLength()
    {
        var page = Render<ManageComponents>();

        Assert.Equal(StatusComponent.MaxNameLength.ToString(), page.Find("#new-name").GetAttribute("maxlength"));
    }

    [Fact]
    public void MovesAComponentDown()
    {
        var api = Store.Component("API");
        Store.Component("Web");
        var page = Render<ManageComponents>();

        page.Find($"[data-component='{api.Id}'] .move-down").Click();

        Assert.Equal(["Web", "API"], Store.Components.All().Select(c => c.Name));
        Assert.Equal(["Web", "API"], page.FindAll(".component-name").Select(e => e.TextContent));
    }

    [Fact]
    public void SetsAStatusByHand()
    {
        var api = Store.Component("API");
        var page = Render<ManageComponents>();

        page.Find($"[data-component='{api.Id}'] .status-select").Change("partial_outage");

        Assert.Equal(ComponentStatus.PartialOutage, Store.Components.Get(api.Id).Status);
        Assert.Equal("Partial outage", page.Find($"[data-component='{api.Id}'] .status").TextContent);
    }

    [Fact]
    public void RenamesAndRegroupsAComponent()
    {
        var api = Store.Component("API");
        var group = Store.Components.CreateGroup("Platform", null, Editor);
        var page = Render<ManageComponents>();

        page.Find($"[data-component='{api.Id}'] .edit").Click();
        page.Find("#edit-name").Change("Public API");
        page.Find("#edit-group").Change(group.Id);
        page.Find($"[data-component='{api.Id}'] form").Submit();

        var saved = Store.Components.Get(api.Id);
        Assert.Equal(("Public API", group.Id), (saved.Name, saved.GroupId));
        Assert.Empty(page.FindAll("#edit-name"));
    }

    [Fact]
    public void DeletesAComponentOnlyAfterConfirmation()
    {
        var api = Store.Component("API");
        var page = Render<ManageComponents>();

        page.Find($"[data-component='{api.Id}'] .delete").Click();
        Assert.Single(Store.Components.All());

        page.Find($"[data-component='{api.Id}'] .confirm-delete").Click();
        Assert.Empty(Store.Components.All());
        Assert.Empty(page.FindAll($"[data-component='{api.Id}']"));
    }

    [Fact]
    public void CreatesRenamesAndDeletesAGroupKeepingItsComponents()
    {
        var page = Render<ManageComponents>();

        page.Find("#new-group-name").Change("Mail");
        page.Find("#new-group-form").Submit();
        var group = Assert.Single(Store.Components.Groups());
        var smtp = Store.Component("SMTP", group.Id);

        page.Find($"[data-group='{group.Id}'] .rename").Click();
        page.Find("#group-rename").Change("Email");
        page.Find($"[data-group='{group.Id}'] form").Submit();
        Assert.Equal("Email", Store.Components.Groups().Single().Name);

        page.Find($"[data-group='{group.Id}'] .delete").Click();
        page.Find($"[data-group='{group.Id}'] .confirm-delete").Click();
        Assert.Empty(Store.Components.Groups());
        Assert.Null(Store.Components.Get(smtp.Id).GroupId);
    }

    [Fact]
    public void ListsUngroupedComponentsWhereThePublicPageDoesFirst()
    {
        var group = Store.Components.CreateGroup("Mail", null, Editor);
        Store.Component("SMTP", group.Id);
        Store.Component("Website");

        var page = Render<ManageComponents>();

        var staff = page.FindAll("section.component-section h2").Select(h => h.TextContent).ToList();
        var publicOrder = Snapshots.Current.Groups.Select(g => g.Group?.Name ?? "Not in a group").ToList();
        Assert.Equal(["Not in a group", "Mail"], publicOrder);
        Assert.Equal(publicOrder, staff);
    }
}
