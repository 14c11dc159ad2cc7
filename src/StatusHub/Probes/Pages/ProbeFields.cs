namespace StatusHub.Probes.Pages;

/// <summary>A mail server as the form edits it; the password is only ever what was typed now.</summary>
public sealed class MailServerFieldValues
{
    public string? Host { get; set; }
    public int Port { get; set; }
    public ProbeTls Tls { get; set; } = ProbeTls.StartTls;
    public string? Username { get; set; }
    public string? Password { get; set; }

    public static MailServerFieldValues From(MailServer server) =>
        new() { Host = server.Host, Port = server.Port, Tls = server.Tls, Username = server.Username };

    public MailServer ToServer() => new() { Host = Host ?? "", Port = Port, Tls = Tls, Username = Username, Password = Password };
}

/// <summary>What the probe form edits, for every kind at once, so switching kind loses nothing typed.</summary>
public sealed class ProbeFields
{
    public string? Name { get; set; }
    public ProbeKind Kind { get; set; } = ProbeKind.MailRoundTrip;
    public bool Enabled { get; set; } = true;
    public int Interval { get; set; } = 300;
    public int Timeout { get; set; } = 30;
    public HashSet<string> ComponentIds { get; set; } = [];
    public string Method { get; set; } = "GET";
    public string? Url { get; set; }
    public int ExpectedStatus { get; set; } = 200;
    public string? BodyContains { get; set; }
    public string? JsonPath { get; set; }
    public string? JsonValue { get; set; }
    public int LatencyWarning { get; set; } = 2000;
    public int CertificateDays { get; set; } = 14;
    public string? PinnedSha256 { get; set; }
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool StartTls { get; set; }
    public MailServerFieldValues Smtp { get; set; } = new() { Port = 587 };
    public MailServerFieldValues Imap { get; set; } = new() { Port = 993, Tls = ProbeTls.SslOnConnect };
    public string? From { get; set; }
    public string? To { get; set; }
    public int Arrival { get; set; } = 600;
    public int Warning { get; set; } = 120;

    public static ProbeFields Of(Probe p) => new()
    {
        Name = p.Name,
        Kind = p.Kind,
        Enabled = p.Enabled,
        Interval = p.IntervalSeconds,
        Timeout = p.TimeoutSeconds,
        ComponentIds = [.. p.ComponentIds],
        Method = p.Http?.Method ?? "GET",
        Url = p.Http?.Url,
        ExpectedStatus = p.Http?.ExpectedStatus ?? 200,
        BodyContains = p.Http?.BodyContains,
        JsonPath = p.Http?.JsonPath,
        JsonValue = p.Http?.JsonValue,
        LatencyWarning = p.Http?.LatencyWarningMilliseconds ?? 2000,
        CertificateDays = p.Http?.CertificateWarningDays ?? 14,
        PinnedSha256 = p.Http?.PinnedCertificateSha256 ?? p.Banner?.PinnedCertificateSha256,
        Host = p.Banner?.Host,
        Port = p.Banner?.Port ?? 25,
        StartTls = p.Banner?.StartTls ?? false,
        Smtp = p.Mail is null ? new() { Port = 587 } : MailServerFieldValues.From(p.Mail.Smtp),
        Imap = p.Mail is null ? new() { Port = 993, Tls = ProbeTls.SslOnConnect } : MailServerFieldValues.From(p.Mail.Imap),
        From = p.Mail?.From,
        To = p.Mail?.To,
        Arrival = p.Mail?.ArrivalTimeoutSeconds ?? 600,
        Warning = p.Mail?.WarningSeconds ?? 120,
    };

    public Probe ToProbe() => new()
    {
        Id = "",
        Name = Name ?? "",
        Kind = Kind,
        Enabled = Enabled,
        IntervalSeconds = Interval,
        TimeoutSeconds = Timeout,
        ComponentIds = [.. ComponentIds],
        Http = Kind != ProbeKind.Http ? null : new HttpProbeSettings
        {
            Method = Method,
            Url = Url ?? "",
            ExpectedStatus = ExpectedStatus,
            BodyContains = BodyContains,
            JsonPath = JsonPath,
            JsonValue = JsonValue,
            LatencyWarningMilliseconds = LatencyWarning,
            CertificateWarningDays = CertificateDays,
            PinnedCertificateSha256 = PinnedSha256,
        },
        Banner = Kind != ProbeKind.Banner ? null : new BannerProbeSettings { Host = Host ?? "", Port = Port, StartTls = StartTls, PinnedCertificateSha256 = PinnedSha256 },
        Mail = Kind != ProbeKind.MailRoundTrip ? null : new MailProbeSettings
        {
            Smtp = Smtp.ToServer(),
            Imap = Imap.ToServer(),
            From = From ?? "",
            To = To ?? "",
            ArrivalTimeoutSeconds = Arrival,
            WarningSeconds = Warning,
        },
    };
}
