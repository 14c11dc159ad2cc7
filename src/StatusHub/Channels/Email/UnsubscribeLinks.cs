using Microsoft.AspNetCore.DataProtection;

namespace StatusHub.Channels.Email;

/// <summary>Per-recipient unsubscribe links that cannot be forged or guessed (DataProtection), and that never expire.</summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider protection, IPageAddress pageAddress)
{
    private readonly IDataProtector _protector = protection.CreateProtector("StatusHub.Email.Unsubscribe.v1");

    public string For(string address) =>
        pageAddress.Page.Link($"/unsubscribe?token={Uri.EscapeDataString(_protector.Protect(address.Trim().ToLowerInvariant()))}");

    public string? AddressFrom(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
