using StatusHub.Probes;
using StatusHub.Storage;

namespace StatusHub.Tests.Probes;

public class ProbeRulesTests
{
    public static TheoryData<string, Probe> Refused => new()
    {
        { "Name is required.", Web() with { Name = " " } },
        { "Interval (seconds) must be between 10 and 86400, not 5.", Web() with { IntervalSeconds = 5 } },
        { "Timeout (seconds) must be between 1 and 600, not 0.", Web() with { TimeoutSeconds = 0 } },
        { "There is no component with id 'gone'", Web() with { ComponentIds = ["gone"] } },
        { "URL must be an absolute http:// or https:// address", Web() with { Http = new HttpProbeSettings { Url = "https://user:pw@example.com/" } } },
        { "Method must be one of GET, HEAD, POST, PUT, OPTIONS.", Web() with { Http = new HttpProbeSettings { Url = "https://example.com/", Method = "DELETE" } } },
        { "URL is too long", Web() with { Http = new HttpProbeSettings { Url = "https://example.com/" + new string('a', 2000) } } },
        { "A JSON match needs both the path and the value", Web() with { Http = new HttpProbeSettings { Url = "https://example.com/", JsonPath = "status" } } },
        { "JSON path is dotted names or indexes", Web() with { Http = new HttpProbeSettings { Url = "https://example.com/", JsonPath = "a..b", JsonValue = "x" } } },
        { "Host must be a host name or an IP address", new Probe { Id = "", Name = "MX", Kind = ProbeKind.Banner, Banner = new BannerProbeSettings { Host = "mail example" } } },
        { "Port must be between 1 and 65535, not 70000.", new Probe { Id = "", Name = "MX", Kind = ProbeKind.Banner, Banner = new BannerProbeSettings { Host = "mx.example.com", Port = 70000 } } },
        { "A banner probe needs its banner settings.", new Probe { Id = "", Name = "MX", Kind = ProbeKind.Banner } },
        { "Warning threshold (seconds) must be between 1 and 600, not 900.", Mail(m => m with { WarningSeconds = 900 }) },
        { "From address must be one plain address", Mail(m => m with { From = "Probe <a@example.com>, b@example.com" }) },
        { "IMAP user is required", Mail(m => m with { Imap = m.Imap with { Username = null } }) },
        { "SMTP password is too long", Mail(m => m with { Smtp = m.Smtp with { Password = new string('x', 501) } }) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void RefusesBadInputWithASentenceNamingTheField(string expected, Probe draft)
    {
        var refusal = Assert.Throws<ValidationException>(() => ProbeRules.Check(draft, ["api"]));

        Assert.StartsWith(expected, refusal.Message);
    }

    [Fact]
    public void AcceptsAProbeAndCleansItsFields()
    {
        var probe = ProbeRules.Check(Web() with { Name = "  Web  ", ComponentIds = ["api", "api"], Http = new HttpProbeSettings { Url = "https://Example.com", Method = "head" } }, ["api"]);

        Assert.Equal(("Web", "HEAD", "https://example.com/", "api"), (probe.Name, probe.Http!.Method, probe.Http.Url, Assert.Single(probe.ComponentIds)));
    }

    private static Probe Web() => new() { Id = "", Name = "Web", Kind = ProbeKind.Http, Http = new HttpProbeSettings { Url = "https://example.com/" } };

    private static Probe Mail(Func<MailProbeSettings, MailProbeSettings> change) => new()
    {
        Id = "",
        Name = "Mail",
        Kind = ProbeKind.MailRoundTrip,
        Mail = change(new MailProbeSettings
        {
            Smtp = new MailServer { Host = "smtp.example.com", Port = 587, Tls = ProbeTls.StartTls },
            Imap = new MailServer { Host = "imap.example.com", Port = 993, Tls = ProbeTls.SslOnConnect, Username = "probe@example.com" },
            From = "probe-bot@example.com",
            To = "probe@example.com",
        }),
    };
}
