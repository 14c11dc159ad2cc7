using System.Net;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Tests.Channels.Webhooks;

public class PrivateNetworksTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("0.0.0.0")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    public void TreatsLoopbackLinkLocalAndPrivateAddressesAsPrivate(string address) =>
        Assert.True(PrivateNetworks.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void TreatsPublicAddressesAsPublic(string address) =>
        Assert.False(PrivateNetworks.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public async Task RefusesAHostNameThatResolvesToLoopbackNamingTheAddress()
    {
        var refused = await Assert.ThrowsAsync<WebhookAddressException>(() => PrivateNetworks.ResolvePublicAsync("localhost", TestContext.Current.CancellationToken));

        Assert.StartsWith("localhost resolves to ", refused.Message);
    }
}
