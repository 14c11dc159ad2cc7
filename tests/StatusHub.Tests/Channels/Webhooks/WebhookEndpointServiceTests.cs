using StatusHub.Audit;
using StatusHub.Channels.Webhooks;
using StatusHub.StatusComponents;
using StatusHub.Storage;

namespace StatusHub.Tests.Channels.Webhooks;

public class WebhookEndpointServiceTests
{
    private const string Admin = "admin@example.com";

    [Fact]
    public void AddsAndRemovesAnEndpointAndAuditsBoth()
    {
        using var store = new TestStore();
        var endpoints = new WebhookEndpointService(store.Store, store.Time, new KnownComponentIds());
        var api = store.Component("API");

        var endpoint = endpoints.Add(" https://hooks.example.com/statushub ", "Ops bridge", [api.Id], Admin);
        var listed = Assert.Single(endpoints.List());
        store.Time.Advance(TimeSpan.FromMinutes(1));
        endpoints.Remove(endpoint.Id, Admin);

        Assert.Equal(("https://hooks.example.com/statushub", "Ops bridge", false), (listed.Endpoint.Url, listed.Endpoint.Description, listed.IsFailing));
        Assert.Equal([api.Id], listed.Endpoint.ComponentIds);
        Assert.Empty(endpoints.List());
        var audit = new AuditLog(store.Store).Page(0, $"webhook:{endpoint.Id}");
        Assert.Equal(["webhook.removed", "webhook.added"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(Admin, a.Actor));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/hooks/statushub")]
    [InlineData("hooks.example.com/statushub")]
    [InlineData("ftp://hooks.example.com/statushub")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://user:password@hooks.example.com/")]
    public void RefusesAnythingButAnAbsoluteHttpUrl(string url)
    {
        using var store = new TestStore();
        var endpoints = new WebhookEndpointService(store.Store, store.Time, new KnownComponentIds());

        Assert.Throws<ValidationException>(() => endpoints.Add(url, null, null, Admin));
        Assert.Empty(endpoints.List());
    }

    [Fact]
    public void RefusesATooLongUrlAUrlTwiceAndAnUnknownComponent()
    {
        using var store = new TestStore();
        var endpoints = new WebhookEndpointService(store.Store, store.Time, new KnownComponentIds());
        endpoints.Add("https://hooks.example.com/a", null, null, Admin);

        var tooLong = Assert.Throws<ValidationException>(() => endpoints.Add("https://hooks.example.com/" + new string('a', WebhookEndpoint.MaxUrlLength), null, null, Admin));
        var twice = Assert.Throws<ValidationException>(() => endpoints.Add("https://hooks.example.com/a", null, null, Admin));
        var unknown = Assert.Throws<ValidationException>(() => endpoints.Add("https://hooks.example.com/b", null, ["nosuchthing1"], Admin));

        Assert.Contains("too long", tooLong.Message);
        Assert.Contains("already registered", twice.Message);
        Assert.Contains("no component", unknown.Message);
        Assert.Single(endpoints.List());
    }
}
