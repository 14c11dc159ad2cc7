using System.Net;
using System.Net.Sockets;

namespace StatusHub.Channels.Webhooks;

/// <summary>Thrown when a URL anyone may register would reach this host or its private network, or does not resolve at all.</summary>
public sealed class WebhookAddressException(string message) : Exception(message);

/// <summary>
/// Keeps URLs that anyone may register (webhook subscriptions) off loopback, link-local and private networks,
/// so the status page cannot be used to probe or call what sits behind it (SSRF).
/// </summary>
public static class PrivateNetworks
{
    private static readonly IPAddress Nat64 = IPAddress.Parse("64:ff9b::");

    private static readonly (IPAddress Network, int Prefix)[] Blocked =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network"; 0.0.0.0 reaches the local host
        (IPAddress.Parse("10.0.0.0"), 8),       // RFC 1918
        (IPAddress.Parse("100.64.0.0"), 10),    // carrier-grade NAT
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, including cloud metadata at 169.254.169.254
        (IPAddress.Parse("172.16.0.0"), 12),    // RFC 1918
        (IPAddress.Parse("192.0.0.0"), 24),     // IETF protocol assignments
        (IPAddress.Parse("192.168.0.0"), 16),   // RFC 1918
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("224.0.0.0"), 4),      // multicast
        (IPAddress.Parse("240.0.0.0"), 4),      // reserved and broadcast
        (IPAddress.Parse("::"), 96),            // unspecified, and the deprecated IPv4-compatible ::a.b.c.d
        (IPAddress.Parse("::1"), 128),          // loopback
        (IPAddress.Parse("64:ff9b:1::"), 48),   // local-use NAT64
        (IPAddress.Parse("fc00::"), 7),         // unique local
        (IPAddress.Parse("fe80::"), 10),        // link-local
        (IPAddress.Parse("ff00::"), 8),         // multicast
    ];

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && InNetwork(address, Nat64, 96))
        {
            // A NAT64 gateway turns 64:ff9b::a.b.c.d into a.b.c.d, private or not.
            address = new IPAddress(address.GetAddressBytes()[12..]);
        }

        return Blocked.Any(b => b.Network.AddressFamily == address.AddressFamily && InNetwork(address, b.Network, b.Prefix));
    }

    /// <summary>
    /// Resolves the URL's host and refuses it when any address it resolves to is private: a name with one public and
    /// one private address could otherwise be sent to the private one.
    /// </summary>
    public static async Task<IPAddress[]> ResolvePublicAsync(string host, CancellationToken cancellationToken) =>
        RefusePrivate(host, await Resolve(host, cancellationToken));

    /// <summary><see cref="ResolvePublicAsync"/> for a caller inside a store transaction, which cannot await.</summary>
    public static IPAddress[] ResolvePublic(string host) => RefusePrivate(host, Resolve(host));

    private static IPAddress[] RefusePrivate(string host, IPAddress[] addresses)
    {
        if (addresses.FirstOrDefault(IsPrivate) is { } blocked)
        {
            var what = IPAddress.TryParse(host.Trim('[', ']'), out _) ? $"{host} is" : $"{host} resolves to {blocked},";
            throw new WebhookAddressException($"{what} a loopback, link-local or private address: webhooks can only go to public internet addresses.");
        }

        return addresses;
    }

    /// <summary>
    /// The handler for posts to URLs anyone may register: it connects only to the public addresses it resolved itself,
    /// at connect time, so a name that turns private after it was checked (DNS rebinding) is still refused.
    /// Redirects are not followed, as for every signed post.
    /// </summary>
    public static SocketsHttpHandler CreatePublicOnlyHandler(Func<bool> allowPrivate)
    {
        var handler = SignedPoster.CreateHandler();
        // Through a proxy the callback would connect to the proxy, not the target, and check the wrong address.
        handler.UseProxy = false;
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = allowPrivate()
                ? await Resolve(context.DnsEndPoint.Host, cancellationToken)
                : await ResolvePublicAsync(context.DnsEndPoint.Host, cancellationToken);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return handler;
    }

    private static async Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken)
    {
        if (Local(host) is { } local)
        {
            return local;
        }

        try
        {
            return Found(host, await Dns.GetHostAddressesAsync(host, cancellationToken));
        }
        catch (SocketException)
        {
            throw NotFound(host);
        }
    }

    private static IPAddress[] Resolve(string host)
    {
        if (Local(host) is { } local)
        {
            return local;
        }

        try
        {
            return Found(host, Dns.GetHostAddresses(host));
        }
        catch (SocketException)
        {
            throw NotFound(host);
        }
    }

    /// <summary>An address literal, or a name that is loopback whatever DNS says (RFC 6761: localhost and *.localhost).</summary>
    private static IPAddress[]? Local(string host)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? [IPAddress.Loopback]
            : null;
    }

    private static IPAddress[] Found(string host, IPAddress[] addresses) => addresses.Length > 0 ? addresses : throw new WebhookAddressException($"{host} has no address.");

    private static WebhookAddressException NotFound(string host) => new($"{host} could not be found (DNS); check the host name.");

    private static bool InNetwork(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var i = 0; i < a.Length && prefix > 0; i++, prefix -= 8)
        {
            var mask = prefix >= 8 ? 0xFF : 0xFF << (8 - prefix) & 0xFF;
            if ((a[i] & mask) != (n[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
