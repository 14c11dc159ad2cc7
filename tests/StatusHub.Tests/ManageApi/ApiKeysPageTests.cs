using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.ManageApi;
using StatusHub.ManageApi.Pages;
using StatusHub.Staff;

namespace StatusHub.Tests.ManageApi;

public sealed class ApiKeysPageTests : BunitContext
{
    private readonly TestStore _store = new();
    private readonly ApiKeyService _keys;

    public ApiKeysPageTests()
    {
        _keys = new ApiKeyService(_store.Store, _store.Time);
        Services.AddSingleton(_keys);
        JSInterop.Mode = JSRuntimeMode.Loose;
        AddAuthorization().SetAuthorized("root@example.com").SetRoles(StaffRoles.Admin);
    }

    [Fact]
    public void ShowsANewKeyOnceAndListsItByPrefixOnly()
    {
        var page = Render<ApiKeys>();

        page.Find("#key-name").Change("deploy pipeline");
        page.Find("#key-scope").Change(nameof(ApiKeyScope.Write));
        page.Find("#create-key").Submit();

        var secret = page.Find("#created-secret").TextContent;
        var key = Assert.Single(_keys.All());
        Assert.Equal(("deploy pipeline", ApiKeyScope.Write, "root@example.com"), (key.Name, key.Scope, key.CreatedBy));
        Assert.Equal(key.Id, _keys.Authenticate(secret)?.Id);
        Assert.DoesNotContain(secret, page.Find("table.api-keys").TextContent);
        Assert.Contains(key.Prefix, page.Find("table.api-keys").TextContent);

        var reopened = Render<ApiKeys>();
        Assert.DoesNotContain(secret, reopened.Markup);
    }

    [Fact]
    public void RevokesAKeyAfterConfirmation()
    {
        var created = _keys.Create("old script", ApiKeyScope.Read, "root@example.com");
        var page = Render<ApiKeys>();

        page.Find($"tr[data-key='{created.Key.Id}'] button").Click();
        page.Find($"tr[data-key='{created.Key.Id}'] button.danger").Click();

        Assert.Equal("revoked", page.Find($"tr[data-key='{created.Key.Id}'] .state").TextContent);
        Assert.Null(_keys.Authenticate(created.Secret));
    }

    [Fact]
    public void RefusesAKeyWithoutAName()
    {
        var page = Render<ApiKeys>();

        page.Find("#create-key").Submit();

        Assert.Contains("Give the key a name", page.Find("[role=alert]").TextContent);
        Assert.Empty(_keys.All());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }
}
