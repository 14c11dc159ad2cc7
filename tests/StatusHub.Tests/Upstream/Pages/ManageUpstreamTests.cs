using Bunit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatusHub.Components.Forms;
using StatusHub.Staff;
using StatusHub.StatusComponents;
using StatusHub.Upstream;
using StatusHub.Upstream.Pages;

namespace StatusHub.Tests.Upstream.Pages;

/// <summary>The admins' Upstream page: fetch the upstream's components, pick one, save; a failing upstream is shown with since when.</summary>
public sealed class ManageUpstreamTests : BunitContext, IAsyncLifetime
{
    private const string Admin = "root@example.com";

    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _time = new(TestStore.Start);
    private readonly WebApplication _app;
    private FakeStatuspage _upstream = null!;

    public ManageUpstreamTests()
    {
        _app = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path }, _time);
        Services.AddSingleton(Get<UpstreamService>());
        Services.AddSingleton(Get<UpstreamPoller>());
        Services.AddSingleton(Get<ComponentService>());
        AddAuthorization().SetAuthorized(Admin).SetRoles(StaffRoles.Admin).SetPolicies(StaffRoles.StaffPolicy, StaffRoles.AdminPolicy);
        JSInterop.SetUpStaffBrowser(new BrowserZone("UTC", 0));
    }

    public async ValueTask InitializeAsync() => _upstream = await FakeStatuspage.StartAsync("Cloud Co");

    public new async ValueTask DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _app.DisposeAsync();
        await base.DisposeAsync();
        _data.Dispose();
    }

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    [Fact]
    public void AnAdminFetchesTheUpstreamComponentsPicksOneAndSavesIt()
    {
        var relay = Get<ComponentService>().Create(new ComponentDraft("SMTP relay", null, null), Admin);
        _upstream.Set("up-smtp", "operational", "Outbound SMTP");
        var page = Render<ManageUpstream>();

        page.Find("#upstream-component").Change(relay.Id);
        page.Find("#upstream-url").Change(_upstream.BaseUrl);
        page.FindAll("button").Single(b => b.TextContent == "Fetch components").Click();
        // A real fetch over loopback: on a busy CI machine it can take longer than bUnit's one-second default.
        page.WaitForAssertion(() => Assert.Contains("Cloud Co lists 1 components", page.Find("[role=status]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Equal("Cloud Co", page.Find("#upstream-provider").GetAttribute("value"));
        page.Find("#upstream-id").Change("up-smtp");
        page.Find("form.upstream-form").Submit();

        // The page's own answer first: when the save is refused, the failure shows the sentence the admin would read.
        page.WaitForAssertion(() => Assert.Contains("Saved: the component follows its upstream", page.Markup), TimeSpan.FromSeconds(30));
        var link = Assert.Single(Get<UpstreamService>().All());
        Assert.Equal((relay.Id, "up-smtp", "Cloud Co", 120), (link.Id, link.UpstreamComponentId, link.ProviderName, link.IntervalSeconds));
        Assert.Contains("Cloud Co", page.Find($"tr[data-component-id='{relay.Id}']").TextContent);
    }

    [Fact]
    public async Task AnUnreachableUpstreamIsShownToStaffWithSinceWhen()
    {
        var relay = Get<ComponentService>().Create(new ComponentDraft("SMTP relay", null, null), Admin);
        Get<UpstreamService>().Follow(relay.Id, FakeTelegramBotApi.RefusingUrl(), "up-smtp", "Cloud Co", UpstreamLink.DefaultInterval, 0, Admin);
        await Get<UpstreamPoller>().PollDueAsync(Xunit.TestContext.Current.CancellationToken);

        var page = Render<ManageUpstream>();

        var health = page.Find($"tr[data-component-id='{relay.Id}'] .upstream-health").TextContent;
        Assert.Contains("Upstream unreachable since", health);
        Assert.Contains("12:00", health);
        Assert.Contains("could not be reached", health);
    }
}
