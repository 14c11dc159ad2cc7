using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.Channels.Email;

/// <summary>
/// The app's services (<see cref="AppServices"/>: shipped templates, the SMTP pool, signed links) with the email channel
/// pointed at an <see cref="SmtpSink"/>, for tests of the channel alone; <see cref="EmailApp"/> runs the whole app instead.
/// </summary>
public sealed class EmailChannelApp : IAsyncDisposable
{
    public const string From = "Example Status <status@example.net>";
    public const string PublicUrl = "https://status.example.com";

    private readonly TempFolder _data = new();
    private readonly WebApplication _app;

    public EmailChannelApp(SmtpSink sink, int connections = 2, Action<EmailOptions>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _data.Path,
            ["StatusPage:Name"] = "Example",
            ["StatusPage:PublicUrl"] = PublicUrl,
            ["Email:From"] = From,
            ["Email:Smtp:Host"] = sink.Host,
            ["Email:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = nameof(SmtpSecurity.None),
            ["Email:Smtp:Connections"] = connections.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:TimeoutSeconds"] = "5",
        };
        _app = AppServices.Build(settings, services: services => services.PostConfigure<EmailOptions>(email => configure?.Invoke(email)));
    }

    public EmailChannel Channel => _app.Services.GetServices<INotificationChannel>().OfType<EmailChannel>().Single();

    public UnsubscribeLinks Links => _app.Services.GetRequiredService<UnsubscribeLinks>();

    /// <summary>An "incident created" notice to <paramref name="to"/>, rendered through the shipped templates.</summary>
    public OutgoingMessage Message(string to, string title = "Elevated API errors", string body = "We are **looking** into it.", string notificationId = "n1")
    {
        var now = TestStore.Start.UtcDateTime;
        var update = new IncidentUpdate { Id = "u1", Status = IncidentStatus.Investigating, Body = body, Author = "staff@example.net", PostedAt = now, DisplayAt = now };
        var incident = new Incident { Id = "i1", Title = title, Status = IncidentStatus.Investigating, Updates = [update], CreatedAt = now, UpdatedAt = now };
        var content = IncidentNotice.For(NotificationEvent.IncidentCreated, incident, update, new PageInfo("Example", PublicUrl), OverallStatus.Operational, id => id);
        var rendered = _app.Services.GetRequiredService<MessageRenderer>().Render(ChannelNames.Email, content);
        var notification = new Notification
        {
            Id = notificationId,
            Event = content.Event,
            Title = content.Title,
            Subject = content.Subject,
            Messages = new() { [ChannelNames.Email] = rendered },
            CreatedAt = now,
        };
        var delivery = new Delivery
        {
            Id = Delivery.KeyFor(notificationId, ChannelNames.Email, to),
            NotificationId = notificationId,
            Channel = ChannelNames.Email,
            Target = to,
            Subject = content.Subject,
            CreatedAt = now,
            NextAttemptAt = now,
            Attempts = 1,
        };
        return new OutgoingMessage(delivery, notification, rendered, null);
    }

    public Task<SendResult> SendAsync(string to, string title = "Elevated API errors", string body = "We are **looking** into it.") =>
        Channel.SendAsync(Message(to, title, body), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _data.Dispose();
    }
}
