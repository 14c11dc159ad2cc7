using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace StatusHub.Hosting;

/// <summary>The proxies allowed to say who the client is (<c>ReverseProxy</c> in configuration).</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Addresses of proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed, e.g. "10.0.0.5".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR form, e.g. "10.0.0.0/8" for a load balancer's pool.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>
/// Behind nginx, Caddy or a load balancer every request comes from the proxy, so the per-IP limits (sign-up, sign-in)
/// would throttle all customers together. The client's address is taken from <c>X-Forwarded-For</c>, but only when the
/// request comes from a proxy this server trusts: one on the same machine (loopback) always, others when configured.
/// Anyone else's forwarded headers are ignored, so a client cannot pick its own address to dodge a limit.
/// </summary>
public static class ReverseProxy
{
    public static IHostApplicationBuilder AddReverseProxy(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
        var proxies = configured.KnownProxies.Select(p => IPAddress.TryParse(p.Trim(), out var address)
            ? address
            : throw Invalid("KnownProxies", p, "an IP address such as 10.0.0.5")).ToList();
        var networks = configured.KnownNetworks.Select(n => System.Net.IPNetwork.TryParse(n.Trim(), out var network)
            ? network
            : throw Invalid("KnownNetworks", n, "a network such as 10.0.0.0/8")).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback stays trusted (ASP.NET's default): a proxy on the same machine needs no configuration.
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    private static InvalidSettingException Invalid(string key, string value, string expected) =>
        new($"{ReverseProxyOptions.Section}:{key} has '{value}', which is not {expected}.");
}
