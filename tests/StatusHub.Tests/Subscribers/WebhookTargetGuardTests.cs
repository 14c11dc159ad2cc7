using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Storage;
using StatusHub.Subscribers;

namespace StatusHub.Tests.Subscribers;

/// <summary>
/// Every way a webhook subscriber is stored goes through <see cref="SubscriberService"/>, so its refusal of URLs that
/// reach this host or its private network holds for the public form, the management API, staff and imports alike.
/// </summary>
public sealed class WebhookTargetGuardTests : IDisposable
{
    private readonly StatusHubApp _app = new();

    public void Dispose() => _app.Dispose();

    public static TheoryData<string> PrivateUrls =>
    [
        "http://127.0.0.1/hook",
        "http://127.1.2.3:8080/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/hook",
        "http://192.168.1.10/hook",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[::ffff:a9fe:a9fe]/hook",
        "http://[fd00::1]/hook",
        "http://[::127.0.0.1]/hook",
        "http://[64:ff9b::a9fe:a9fe]/hook",
        "http://2130706433/hook",
        "http://0x7f.1/hook",
        "http://0x7f000001/hook",
        "http://017700000001/hook",
        "http://0/hook",
        "http://localhost/hook",
        "http://LOCALHOST./hook",
        "http://api.localhost/hook",
    ];

    [Theory]
    [MemberData(nameof(PrivateUrls))]
    public void RefusesAPrivateTargetOnEveryWayInAndStoresNothing(string url)
    {
        var subscribers = _app.Services.GetRequiredService<SubscriberService>();

        var signUp = Assert.Throws<ValidationException>(() => subscribers.StartSignUp(ChannelNames.Webhook, url, true, null, "secret", TimeSpan.FromDays(1)));
        var added = Assert.Throws<ValidationException>(() => subscribers.AddConfirmed(ChannelNames.Webhook, url, true, null, "staff@example.net"));
        var bulk = Assert.Throws<ValidationException>(() => subscribers.AddConfirmedBulk(ChannelNames.Webhook, [new ConfirmedSubscriber(url, true, [])], "staff@example.net"));

        Assert.All(new[] { signUp, added, bulk }, ex => Assert.Contains("public internet addresses", ex.Message));
        Assert.Equal(0, _app.Services.GetRequiredService<LiteStore>().Collection<Subscriber>().Count());
    }

    [Fact]
    public void APublicAddressIsStored()
    {
        var subscribers = _app.Services.GetRequiredService<SubscriberService>();

        Assert.True(subscribers.AddConfirmed(ChannelNames.Webhook, "https://198.51.100.7/hook", true, null, "staff@example.net"));
    }
}
