using StatusHub.Storage;

namespace StatusHub.Probes;

public enum ProbeKind
{
    MailRoundTrip,
    Http,
    Banner,
}

/// <summary>How a probe talks TLS to a mail server: not at all, upgraded after the greeting, or from the first byte.</summary>
public enum ProbeTls
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>
/// Something StatusHub checks on its own, as customers would feel it: mail sent through the primary SMTP and read back
/// over IMAP, a web address, a mail server's greeting. Only the settings of <see cref="Kind"/> are filled in.
/// </summary>
public sealed record Probe : IVersioned
{
    public const int MaxNameLength = 100;
    public const int MaxComponents = 50;

    public required string Id { get; init; }
    public required string Name { get; init; }
    public ProbeKind Kind { get; init; }
    public bool Enabled { get; init; } = true;
    public int IntervalSeconds { get; init; } = 300;
    public int TimeoutSeconds { get; init; } = 30;
    public List<string> ComponentIds { get; init; } = [];
    public HttpProbeSettings? Http { get; init; }
    public BannerProbeSettings? Banner { get; init; }
    public MailProbeSettings? Mail { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    /// <summary>Where the probe points, for the audit log and the page: never a password.</summary>
    public string Target => Kind switch
    {
        ProbeKind.Http => $"{Http?.Method} {Http?.Url}{Pinned(Http?.PinnedCertificateSha256)}",
        ProbeKind.Banner => $"{Banner?.Host}:{Banner?.Port}{(Banner?.StartTls == true ? " STARTTLS" : "")}{Pinned(Banner?.PinnedCertificateSha256)}",
        _ => $"smtp {Mail?.Smtp.Host}:{Mail?.Smtp.Port} ({Mail?.Smtp.Tls}) as {Mail?.Smtp.Username ?? "anonymous"} → {Mail?.To} → imap {Mail?.Imap.Host}:{Mail?.Imap.Port} ({Mail?.Imap.Tls}) as {Mail?.Imap.Username}",
    };

    private static string Pinned(string? sha256) => sha256 is null ? "" : $" (certificate pinned: SHA-256 {sha256})";
}

public sealed record HttpProbeSettings
{
    public string Method { get; init; } = "GET";
    public required string Url { get; init; }
    public int ExpectedStatus { get; init; } = 200;

    /// <summary>Text the body must contain, or null.</summary>
    public string? BodyContains { get; init; }

    /// <summary>A dotted path into a JSON body (<c>status.indicator</c>, <c>items.0.id</c>) and the value it must hold, or null.</summary>
    public string? JsonPath { get; init; }
    public string? JsonValue { get; init; }

    public int LatencyWarningMilliseconds { get; init; } = 2000;
    public int CertificateWarningDays { get; init; } = 14;

    /// <summary>The SHA-256 fingerprint (64 hex digits) of the one certificate trusted for a private CA or a self-signed server; null: the machine's CAs decide.</summary>
    public string? PinnedCertificateSha256 { get; init; }
}

public sealed record BannerProbeSettings
{
    public required string Host { get; init; }
    public int Port { get; init; } = 25;
    public bool StartTls { get; init; }

    /// <summary>As <see cref="HttpProbeSettings.PinnedCertificateSha256"/>, for the certificate STARTTLS switches to.</summary>
    public string? PinnedCertificateSha256 { get; init; }
}

/// <summary>A mail server and the account the probe signs in with; the password is kept in the data folder only.</summary>
public sealed record MailServer
{
    public required string Host { get; init; }
    public int Port { get; init; }
    public ProbeTls Tls { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
}

public sealed record MailProbeSettings
{
    /// <summary>The company's primary SMTP, its own settings: never the backup relay's (Email:*).</summary>
    public required MailServer Smtp { get; init; }
    public required MailServer Imap { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public int ArrivalTimeoutSeconds { get; init; } = 600;
    public int WarningSeconds { get; init; } = 120;
}
