using StatusHub.Storage;

namespace StatusHub.Probes;

/// <summary>What a probe may hold: every field checked and size-limited, each refusal a sentence naming the field.</summary>
public static class ProbeRules
{
    public const int MaxUrlLength = 2000;
    public const int MaxHostLength = 253;
    public const int MaxMatchLength = 500;
    public const int MaxSecretLength = 500;
    public const int MaxAddressLength = 254;
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "OPTIONS"];

    /// <returns>The cleaned probe, its id, times and version as given.</returns>
    public static Probe Check(Probe draft, IReadOnlyCollection<string> componentIds)
    {
        Range(draft.IntervalSeconds, 10, 86_400, "Interval (seconds)");
        Range(draft.TimeoutSeconds, 1, 600, "Timeout (seconds)");
        if (draft.ComponentIds.Count > Probe.MaxComponents)
        {
            throw new ValidationException($"A probe is tied to at most {Probe.MaxComponents} components, not {draft.ComponentIds.Count}.");
        }

        if (draft.ComponentIds.FirstOrDefault(id => !componentIds.Contains(id)) is { } unknown)
        {
            throw new ValidationException($"There is no component with id '{Text.Ellipsis.Shorten(unknown, 40)}'; it may have been deleted meanwhile.");
        }

        var probe = draft with
        {
            Name = Validate.RequiredText(draft.Name, "Name", Probe.MaxNameLength),
            ComponentIds = draft.ComponentIds.Distinct(StringComparer.Ordinal).ToList(),
            Http = null,
            Banner = null,
            Mail = null,
        };
        return draft.Kind switch
        {
            ProbeKind.Http => probe with { Http = CheckHttp(draft.Http ?? throw Missing("HTTP")) },
            ProbeKind.Banner => probe with { Banner = CheckBanner(draft.Banner ?? throw Missing("banner")) },
            ProbeKind.MailRoundTrip => probe with { Mail = CheckMail(draft.Mail ?? throw Missing("mail round-trip")) },
            _ => throw new ValidationException($"'{draft.Kind}' is not a kind of probe; the kinds are mail round-trip, HTTP and banner."),
        };
    }

    private static HttpProbeSettings CheckHttp(HttpProbeSettings http)
    {
        var url = Validate.RequiredText(http.Url, "URL", MaxUrlLength);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0)
        {
            throw new ValidationException("URL must be an absolute http:// or https:// address without a user name or password in it.");
        }

        var method = (http.Method ?? "").Trim().ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            throw new ValidationException($"Method must be one of {string.Join(", ", Methods)}.");
        }

        Range(http.ExpectedStatus, 100, 599, "Expected status");
        Range(http.LatencyWarningMilliseconds, 1, 600_000, "Latency warning (ms)");
        Range(http.CertificateWarningDays, 0, 365, "Certificate warning (days)");
        var path = Validate.OptionalText(http.JsonPath, "JSON path", 200);
        if (path is not null && (path.Split('.').Any(p => p.Length == 0) || !path.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '$')))
        {
            throw new ValidationException("JSON path is dotted names or indexes, like status.indicator or items.0.id.");
        }

        var value = Validate.OptionalText(http.JsonValue, "JSON value", MaxMatchLength);
        if (path is null != (value is null))
        {
            throw new ValidationException("A JSON match needs both the path and the value it must hold.");
        }

        var pinned = Fingerprint(http.PinnedCertificateSha256);
        if (pinned is not null && uri.Scheme != "https")
        {
            throw new ValidationException("A pinned certificate needs an https:// URL.");
        }

        return http with
        {
            PinnedCertificateSha256 = pinned,
            Method = method,
            Url = uri.AbsoluteUri,
            BodyContains = Validate.OptionalText(http.BodyContains, "Body must contain", MaxMatchLength),
            JsonPath = path,
            JsonValue = value,
        };
    }

    private static BannerProbeSettings CheckBanner(BannerProbeSettings banner)
    {
        var pinned = Fingerprint(banner.PinnedCertificateSha256);
        return pinned is not null && !banner.StartTls
            ? throw new ValidationException("A pinned certificate needs STARTTLS.")
            : banner with { Host = Host(banner.Host, "Host"), Port = Port(banner.Port, "Port"), PinnedCertificateSha256 = pinned };
    }

    /// <summary>A SHA-256 fingerprint as 64 upper-case hex digits; pasted with colons, spaces or in lower case is fine.</summary>
    private static string? Fingerprint(string? value)
    {
        var text = Validate.OptionalText(value, "Pinned certificate (SHA-256)", 200);
        if (text is null)
        {
            return null;
        }

        var digits = new string(text.Where(c => c is not (':' or ' ' or '-')).ToArray()).ToUpperInvariant();
        return digits.Length == 64 && digits.All(char.IsAsciiHexDigit)
            ? digits
            : throw new ValidationException("Pinned certificate (SHA-256) must be the certificate's SHA-256 fingerprint: 64 hexadecimal digits, colons allowed.");
    }

    private static MailProbeSettings CheckMail(MailProbeSettings mail)
    {
        Range(mail.ArrivalTimeoutSeconds, 1, 3600, "Arrival threshold (seconds)");
        Range(mail.WarningSeconds, 1, mail.ArrivalTimeoutSeconds, "Warning threshold (seconds)");
        if (mail.Imap.Username is null)
        {
            throw new ValidationException("IMAP user is required: the probe reads its mailbox.");
        }

        return mail with
        {
            Smtp = Server(mail.Smtp, "SMTP"),
            Imap = Server(mail.Imap, "IMAP"),
            From = Address(mail.From, "From address"),
            To = Address(mail.To, "Probe mailbox address"),
        };
    }

    private static MailServer Server(MailServer server, string what)
    {
        if (!Enum.IsDefined(server.Tls))
        {
            throw new ValidationException($"{what} TLS must be none, STARTTLS or TLS on connect.");
        }

        return server with
        {
            Host = Host(server.Host, $"{what} host"),
            Port = Port(server.Port, $"{what} port"),
            Username = Validate.OptionalText(server.Username, $"{what} user", MaxAddressLength),
            Password = server.Password is { Length: > 0 } p ? Validate.MaxLength(p, $"{what} password", MaxSecretLength) : null,
        };
    }

    private static string Host(string? value, string field)
    {
        var host = Validate.RequiredText(value, field, MaxHostLength);
        return Uri.CheckHostName(host) == UriHostNameType.Unknown
            ? throw new ValidationException($"{field} must be a host name or an IP address, like mail.example.com or 127.0.0.1.")
            : host;
    }

    private static int Port(int value, string field) => Range(value, 1, 65_535, field);

    private static string Address(string? value, string field)
    {
        var address = Validate.RequiredText(value, field, MaxAddressLength);
        return MimeKit.MailboxAddress.TryParse(address, out var parsed) && parsed.Address == address && address.Contains('@')
            ? address
            : throw new ValidationException($"{field} must be one plain address, like probe@example.com.");
    }

    private static int Range(int value, int min, int max, string field) =>
        value < min || value > max ? throw new ValidationException($"{field} must be between {min} and {max}, not {value}.") : value;

    private static ValidationException Missing(string kind) => new($"A {kind} probe needs its {kind} settings.");
}
