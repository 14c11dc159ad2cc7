using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Incidents;

namespace StatusHub.Tests.Channels.Email;

/// <summary>The whole app, its dispatcher running on the factory's fake clock, with the email channel pointed at an <see cref="SmtpSink"/>.</summary>
public static class EmailApp
{
    public const string PublicUrl = "https://status.example.com";

    public static WebApplicationFactory<Program> WithEmail(this StatusHubApp app, SmtpSink sink, IReadOnlyList<string> recipients, IReadOnlyDictionary<string, string>? more = null) =>
        app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("StatusPage:PublicUrl", PublicUrl);
            builder.UseSetting("Email:Smtp:Host", sink.Host);
            builder.UseSetting("Email:Smtp:Port", sink.Port.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Email:Smtp:Security", "None");
            builder.UseSetting("Email:Smtp:Connections", "2");
            builder.UseSetting("Email:Smtp:TimeoutSeconds", "5");
            builder.UseSetting("Email:From", "Example Status <status@example.net>");
            for (var i = 0; i < recipients.Count; i++)
            {
                builder.UseSetting($"Email:Recipients:{i}", recipients[i]);
            }

            foreach (var (key, value) in more ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }
        });

    public static Incident OpenIncident(this WebApplicationFactory<Program> app, string title) =>
        app.Services.GetRequiredService<IncidentService>().Open(new NewIncident(title, null, new UpdateDraft(IncidentStatus.Investigating, "We are looking into it.")), "staff@example.net");
}
