using Bunit;
using StatusHub.StatusComponents.Pages;

namespace StatusHub.Tests.Text;

/// <summary>A staff form shows the service's refusal of a name as it shows every other refusal.</summary>
public class StaffFormTextTests : StaffPageApp
{
    [Fact]
    public void TheComponentFormShowsWhyAPastedColourCodeIsRefusedAndSavesNothing()
    {
        var page = Render<ManageComponents>();

        page.Find("#new-name").Change("\u001b[31mWeb");
        page.Find("#new-component").Submit();

        Assert.Equal("Component name holds a control character (U+001B at character 1), likely a pasted terminal colour code; remove it.", page.Find("#new-component [role=alert]").TextContent);
        Assert.Empty(Store.Components.All());
    }
}
