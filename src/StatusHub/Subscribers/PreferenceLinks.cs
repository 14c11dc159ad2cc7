using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.StatusPage;

namespace StatusHub.Subscribers;

public enum PreferenceLinkState
{
    Valid,
    Expired,
    Invalid,
}

/// <summary>What a preferences link says: whose it is, when it is still good.</summary>
public sealed record PreferenceLink(PreferenceLinkState State, string? SubscriberId);

/// <summary>
/// Signed links to a subscriber's preferences page, carrying the subscriber id and an expiry. The expiry is
/// checked against the injected clock (not DataProtection's own), so it moves with the rest of the app.
/// </summary>
public sealed class PreferenceLinks(IDataProtectionProvider protection, IOptions<StatusPageOptions> page, IOptions<SubscribersOptions> options, TimeProvider time) : IRecipientLinks
{
    public const int MaxTokenLength = 1000;

    private readonly IDataProtector _protector = protection.CreateProtector("StatusHub.Subscribers.Preferences.v1");

    public string For(string subscriberId) =>
        $"{page.Value.BaseUrl}/subscribe/preferences?token={Uri.EscapeDataString(TokenFor(subscriberId))}";

    public string PreferencesFor(string channel, string target) => For(Subscriber.KeyFor(channel, target));

    public string TokenFor(string subscriberId)
    {
        var expires = (time.GetUtcNow() + options.Value.PreferencesLinkValidFor).ToUnixTimeSeconds();
        return _protector.Protect($"{expires.ToString(CultureInfo.InvariantCulture)}|{subscriberId}");
    }

    public PreferenceLink Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return new(PreferenceLinkState.Invalid, null);
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return new(PreferenceLinkState.Invalid, null);
        }

        var bar = payload.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || !long.TryParse(payload.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return new(PreferenceLinkState.Invalid, null);
        }

        return time.GetUtcNow().ToUnixTimeSeconds() > expires
            ? new(PreferenceLinkState.Expired, null)
            : new(PreferenceLinkState.Valid, payload[(bar + 1)..]);
    }
}
