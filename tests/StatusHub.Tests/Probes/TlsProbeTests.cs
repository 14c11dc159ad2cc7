using System.Security.Cryptography.X509Certificates;
using StatusHub.Probes;
using StatusHub.Storage;

namespace StatusHub.Tests.Probes;

/// <summary>
/// HTTPS and STARTTLS probes against loopback peers presenting certificates made here, with chosen dates. The probe
/// trusts them the way a user with a private CA would: by pinning the certificate's SHA-256 fingerprint.
/// </summary>
public sealed class TlsProbeTests : IDisposable
{
    private readonly ProbeApp _app = new();
    private readonly BannerServer _mail = new();

    public void Dispose()
    {
        _mail.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task AnHttpsProbeWarnsNamingTheDateWhenItsCertificateExpiresWithinTheConfiguredDays()
    {
        using var certificate = Certificate(expiresIn: TimeSpan.FromDays(5));
        await using var web = await HttpTarget.StartHttpsAsync(certificate);

        var warned = await _app.RunAsync(_app.Create(Https(web, certificate)));
        var fewerDays = await _app.RunAsync(_app.Create(Https(web, certificate, warningDays: 3)));

        Assert.Equal((ProbeOutcome.Warning, "The TLS certificate expires 2026-11-28 12:00 UTC, within 14 days."), (warned.Outcome, warned.Message));
        Assert.Equal(ProbeOutcome.Ok, fewerDays.Outcome);
    }

    [Fact]
    public async Task AnHttpsProbeIsOkWithACertificateValidForLong()
    {
        using var certificate = Certificate(expiresIn: TimeSpan.FromDays(365));
        await using var web = await HttpTarget.StartHttpsAsync(certificate);

        var result = await _app.RunAsync(_app.Create(Https(web, certificate)));

        Assert.Equal((ProbeOutcome.Ok, ""), (result.Outcome, result.Message));
        Assert.Equal(1, web.Requests);
    }

    [Fact]
    public async Task AnHttpsProbeFailsOnAnExpiredCertificateSayingWhenItExpired()
    {
        using var certificate = Certificate(expiresIn: TimeSpan.FromDays(-1));
        await using var web = await HttpTarget.StartHttpsAsync(certificate);

        var result = await _app.RunAsync(_app.Create(Https(web, certificate)));

        Assert.Equal((ProbeOutcome.Failed, "The TLS certificate expired on 2026-11-22 12:00 UTC."), (result.Outcome, result.Message));
        Assert.Equal(0, web.Requests);
    }

    [Fact]
    public async Task AnHttpsProbeFailsOnAnUntrustedCertificateOrOneThatIsNotThePinnedOne()
    {
        using var certificate = Certificate(expiresIn: TimeSpan.FromDays(365));
        using var other = Certificate(expiresIn: TimeSpan.FromDays(365));
        await using var web = await HttpTarget.StartHttpsAsync(certificate);

        var untrusted = await _app.RunAsync(_app.Create(Https(web, pinned: null)));
        var notPinned = await _app.RunAsync(_app.Create(Https(web, other)));

        Assert.Equal(ProbeOutcome.Failed, untrusted.Outcome);
        Assert.StartsWith("The TLS certificate is not trusted (", untrusted.Message);
        Assert.EndsWith("); a certificate from a private CA can be pinned by its SHA-256 fingerprint.", untrusted.Message);
        Assert.Equal(
            (ProbeOutcome.Failed, $"The TLS certificate's SHA-256 fingerprint is {TestCertificates.Sha256(certificate)}, not the pinned {TestCertificates.Sha256(other)}."),
            (notPinned.Outcome, notPinned.Message));
        Assert.Equal(0, web.Requests);
    }

    [Fact]
    public async Task ABannerProbeUpgradesWithStartTlsWhenTheServerOffersIt()
    {
        using var certificate = Certificate(expiresIn: TimeSpan.FromDays(365));
        _mail.StartTls = certificate;

        var result = await _app.RunAsync(_app.Create(Banner(requireStartTls: true, TestCertificates.Sha256(certificate))));

        Assert.Equal((ProbeOutcome.Ok, ""), (result.Outcome, result.Message));
        Assert.Equal(1, _mail.TlsSessions);
    }

    [Fact]
    public async Task ABannerProbeRequiringStartTlsFailsWhenTheServerDoesNotOfferItOrItsCertificateIsNotTrusted()
    {
        var notOffered = await _app.RunAsync(_app.Create(Banner(requireStartTls: true)));
        using var certificate = Certificate(expiresIn: TimeSpan.FromDays(365));
        _mail.StartTls = certificate;
        var untrusted = await _app.RunAsync(_app.Create(Banner(requireStartTls: true)));

        Assert.Equal((ProbeOutcome.Failed, "The server does not offer STARTTLS."), (notOffered.Outcome, notOffered.Message));
        Assert.Equal(ProbeOutcome.Failed, untrusted.Outcome);
        Assert.StartsWith("The TLS certificate is not trusted (", untrusted.Message);
    }

    [Fact]
    public async Task AnHttpsProbeToAServerThatSpeaksNoTlsSaysWhyTheHandshakeFailedNotSeeInnerException()
    {
        await using var plain = await HttpTarget.StartAsync();
        var probe = new Probe { Id = "", Name = "Web app", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = $"https://127.0.0.1:{plain.Url.Port}/health" } };

        var result = await _app.RunAsync(_app.Create(probe));

        Assert.Equal(ProbeOutcome.Failed, result.Outcome);
        Assert.StartsWith("The SSL connection could not be established: ", result.Message);
        Assert.DoesNotContain("inner exception", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void APinIsKeptAsSixtyFourHexDigitsAndRefusedWhenItIsNoFingerprintOrThereIsNoTls()
    {
        var colons = string.Join(':', Enumerable.Repeat("ab", 32));

        var kept = ProbeRules.Check(new Probe { Id = "", Name = "Web", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = "https://example.com/", PinnedCertificateSha256 = colons } }, []);
        var short_ = Assert.Throws<ValidationException>(() => ProbeRules.Check(new Probe { Id = "", Name = "Web", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = "https://example.com/", PinnedCertificateSha256 = "ab:cd" } }, []));
        var plain = Assert.Throws<ValidationException>(() => ProbeRules.Check(new Probe { Id = "", Name = "Web", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = "http://example.com/", PinnedCertificateSha256 = colons } }, []));
        var noTls = Assert.Throws<ValidationException>(() => ProbeRules.Check(new Probe { Id = "", Name = "MX", Kind = ProbeKind.Banner, Banner = new BannerProbeSettings { Host = "mx.example.com", PinnedCertificateSha256 = colons } }, []));

        Assert.Equal(string.Concat(Enumerable.Repeat("AB", 32)), kept.Http!.PinnedCertificateSha256);
        Assert.StartsWith("Pinned certificate (SHA-256) must be the certificate's SHA-256 fingerprint", short_.Message);
        Assert.Equal("A pinned certificate needs an https:// URL.", plain.Message);
        Assert.Equal("A pinned certificate needs STARTTLS.", noTls.Message);
    }

    /// <summary>Valid since a month before the test's clock, expiring <paramref name="expiresIn"/> after it.</summary>
    private X509Certificate2 Certificate(TimeSpan expiresIn) =>
        TestCertificates.SelfSigned(_app.Time.GetUtcNow().AddDays(-30), _app.Time.GetUtcNow().Add(expiresIn));

    private static Probe Https(HttpTarget web, X509Certificate2 certificate, int warningDays = 14) =>
        Https(web, TestCertificates.Sha256(certificate), warningDays);

    private static Probe Https(HttpTarget web, string? pinned, int warningDays = 14) => new()
    {
        Id = "",
        Name = "Web app",
        Kind = ProbeKind.Http,
        Http = new HttpProbeSettings { Url = new Uri(web.Url, "health").AbsoluteUri, CertificateWarningDays = warningDays, PinnedCertificateSha256 = pinned },
    };

    private Probe Banner(bool requireStartTls, string? pinned = null) => new()
    {
        Id = "",
        Name = "MX",
        Kind = ProbeKind.Banner,
        Banner = new BannerProbeSettings { Host = "127.0.0.1", Port = _mail.Port, StartTls = requireStartTls, PinnedCertificateSha256 = pinned },
    };
}
