using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StatusHub.Probes;

/// <summary>
/// Whether a probe trusts a server's TLS certificate, and why not in words. Trusted means valid for the host through the
/// machine's CAs or, for a private CA or a self-signed server, being the one certificate whose SHA-256 fingerprint the
/// probe pins (chain and name are then not asked; its dates are, on the app's clock). Keeps the expiry for the warning.
/// One per connection attempt.
/// </summary>
public sealed class CertificateCheck(string? pinnedSha256, DateTime now)
{
    /// <summary>When the server's certificate expires (UTC); null before the handshake.</summary>
    public DateTime? Expires { get; private set; }

    /// <summary>Why the certificate was refused; null when it was not.</summary>
    public string? Refusal { get; private set; }

    public bool Validate(object sender, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors)
    {
        if (presented is null)
        {
            return Refuse("The server sent no TLS certificate.");
        }

        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        var notAfter = certificate.NotAfter.ToUniversalTime();
        var notBefore = certificate.NotBefore.ToUniversalTime();
        Expires = notAfter;
        if (pinnedSha256 is not null)
        {
            var actual = certificate.GetCertHashString(HashAlgorithmName.SHA256);
            if (!string.Equals(actual, pinnedSha256, StringComparison.OrdinalIgnoreCase))
            {
                return Refuse($"The TLS certificate's SHA-256 fingerprint is {actual}, not the pinned {pinnedSha256}.");
            }

            errors = SslPolicyErrors.None;
        }

        if (now > notAfter)
        {
            return Refuse($"The TLS certificate expired on {notAfter:yyyy-MM-dd HH:mm} UTC.");
        }

        if (now < notBefore)
        {
            return Refuse($"The TLS certificate is not valid before {notBefore:yyyy-MM-dd HH:mm} UTC.");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Refuse($"The TLS certificate is for {certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false)}, not for this host.");
        }

        if (errors != SslPolicyErrors.None)
        {
            var why = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct().ToList() is { Count: > 0 } statuses ? string.Join(", ", statuses) : errors.ToString();
            return Refuse($"The TLS certificate is not trusted ({why}); a certificate from a private CA can be pinned by its SHA-256 fingerprint.");
        }

        return true;
    }

    private bool Refuse(string why)
    {
        Refusal = why;
        return false;
    }
}
