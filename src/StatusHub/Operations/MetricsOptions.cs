using System.Net;

namespace StatusHub.Operations;

/// <summary>
/// The <c>Metrics</c> section: who may read <c>/metrics</c>. A client from <see cref="AllowedNetworks"/> (loopback when
/// none are listed) or one that presents <see cref="Token"/> as a bearer token gets the series; everyone else is refused.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>False: <c>/metrics</c> is not served at all (404).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Networks in CIDR form, e.g. "10.0.0.0/8"; empty means loopback only (127.0.0.0/8 and ::1).</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>A shared secret (16 characters or more) a scraper sends as <c>Authorization: Bearer …</c>, from any address.</summary>
    public string? Token { get; set; }

    public const int MinTokenLength = 16;

    internal static readonly IReadOnlyList<IPNetwork> Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    /// <summary>The networks, parsed; a value that is no network stops the start with a message naming the key.</summary>
    internal IReadOnlyList<IPNetwork> Networks()
    {
        if (Token is { Length: > 0 and < MinTokenLength })
        {
            throw new InvalidSettingException($"{Section}:{nameof(Token)} is too short to be a secret: use {MinTokenLength} characters or more, e.g. from `openssl rand -hex 32`.");
        }

        return AllowedNetworks.Count == 0
            ? Loopback
            : [.. AllowedNetworks.Select(n => IPNetwork.TryParse(n.Trim(), out var network)
                ? network
                : throw new InvalidSettingException($"{Section}:{nameof(AllowedNetworks)} has '{n}', which is not a network such as 10.0.0.0/8 or 127.0.0.1/32."))];
    }
}
