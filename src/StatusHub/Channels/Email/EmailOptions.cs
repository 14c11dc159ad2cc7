using Microsoft.Extensions.Options;

namespace StatusHub.Channels.Email;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The <c>Email:Smtp</c> subsection: a relay separate from the company's own mail platform.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? Username { get; set; }

    /// <summary>Keep it out of committed files (environment: <c>Email__Smtp__Password</c>).</summary>
    public string? Password { get; set; }

    /// <summary>Connections kept open and reused for many messages.</summary>
    public int Connections { get; set; } = 4;

    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>The <c>Email</c> section: the backup email path.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The sender, e.g. <c>"Example Status &lt;status@example.net&gt;"</c>, on a domain the relay may send for.</summary>
    public string? From { get; set; }

    /// <summary>Addresses that get every notice (e.g. a staff list), besides subscribers.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>Messages per second through the relay.</summary>
    public double PerSecond { get; set; } = 200;

    /// <summary>
    /// The current settings; when the section does not bind (a word where a number or mode belongs) the defaults and
    /// why, so a typo turns email off instead of failing start-up or every publish.
    /// </summary>
    public static (EmailOptions Options, string? Problem) Read(IOptionsMonitor<EmailOptions> monitor)
    {
        try
        {
            var current = monitor.CurrentValue;
            return (current, current.Problem());
        }
        catch (InvalidOperationException ex)
        {
            return (new EmailOptions(), $"{ex.Message} (Email:Smtp:Security is None, StartTls or SslOnConnect; ports and counts are numbers)");
        }
    }

    public string? Problem()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(Smtp.Host))
        {
            missing.Add("Email:Smtp:Host (the backup relay's host name)");
        }

        if (string.IsNullOrWhiteSpace(From))
        {
            missing.Add("Email:From (the sender address)");
        }
        else if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            return $"Email:From '{From}' is not an email address";
        }

        if (Smtp.Port is <= 0 or > 65535)
        {
            return $"Email:Smtp:Port {Smtp.Port} is not a port number";
        }

        if (PerSecond <= 0 || Smtp.Connections < 1)
        {
            return $"Email:PerSecond ({PerSecond}) and Email:Smtp:Connections ({Smtp.Connections}) must be above 0";
        }

        return missing.Count == 0 ? null : "missing " + string.Join(" and ", missing);
    }
}
