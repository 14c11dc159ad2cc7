namespace StatusHub.Channels.Sms;

/// <summary>The providers <c>Sms:Provider</c> chooses from, and what they share in checking their settings.</summary>
public static class SmsGateways
{
    public const string Default = WebhookSms.ProviderName;

    public static IReadOnlyList<ISmsGateway> All { get; } = [new WebhookSms(), new TwilioSms(), new VonageSms(), new MessageBirdSms(), new AndroidGatewaySms()];

    /// <summary>The provider named (case and surrounding spaces aside), <see cref="Default"/> when none is; null for an unknown name.</summary>
    public static ISmsGateway? Find(string? provider)
    {
        var name = string.IsNullOrWhiteSpace(provider) ? Default : provider.Trim();
        return All.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    public static string UnknownProvider(string? provider) =>
        $"Sms:Provider '{StatusHub.Text.Ellipsis.Shorten(provider ?? "", 40)}' is not one of {string.Join(", ", All.Select(g => g.Name))}";

    /// <summary>"missing A and B" for the keys whose value is blank, or a wrong URL, or null when all is there.</summary>
    public static string? Missing(params (string Key, string? Value, string What)[] keys)
    {
        var missing = keys.Where(k => string.IsNullOrWhiteSpace(k.Value)).Select(k => $"{k.Key} ({k.What})").ToList();
        return missing.Count == 0 ? null : "missing " + string.Join(" and ", missing);
    }

    /// <summary>Null when <paramref name="url"/> is an absolute http(s) URL.</summary>
    public static string? NotAUrl(string key, string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null : $"{key} '{url}' is not an absolute http(s) URL";

    /// <summary>The provider's base URL with <paramref name="path"/> after it, whether or not the base ends with a slash.</summary>
    public static Uri Under(string baseUrl, string path) => new(baseUrl.TrimEnd('/') + path);

    /// <summary>E.164 without its plus, as Vonage and MessageBird write numbers.</summary>
    public static string Digits(string number) => number.TrimStart('+');
}
