using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Components.Layout;
using StatusHub.StatusComponents.Pages;
using StatusHub.Storage;

namespace StatusHub.Tests.Components.Layout;

/// <summary>Read-only mode on the staff pages: a banner over every page, and a write answered with the same sentence.</summary>
public sealed class ReadOnlyBannerTests : StaffPageApp
{
    public ReadOnlyBannerTests() => Services.AddSingleton(Store.Get<ReadOnlyMode>());

    [Fact]
    public void EveryStaffPageShowsWhyAndSinceWhenItIsReadOnly()
    {
        var state = Store.Get<ReadOnlyMode>().SwitchOn("admin@example.com", "restoring a backup");

        var layout = Render<StaffLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        Assert.Equal(state.Sentence, layout.Find(".read-only-banner").TextContent);
    }

    [Fact]
    public void NoBannerShowsWhileStatusHubTakesChanges()
    {
        var layout = Render<StaffLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        Assert.Empty(layout.FindAll(".read-only-banner"));
    }

    [Fact]
    public void AWriteOnAStaffPageAnswersTheBannersSentenceAndSavesNothing()
    {
        var state = Store.Get<ReadOnlyMode>().SwitchOn("admin@example.com", "restoring a backup");
        var page = Render<ManageComponents>();

        page.Find("#new-name").Change("SMTP relay");
        page.Find("#new-component").Submit();

        Assert.Equal(state.Sentence, page.Find("#new-component [role=alert]").TextContent);
        Assert.Empty(Store.Components.All());
    }
}
