using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusHub.Channels;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Templates;
using StatusHub.Incidents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.Channels.Email;

/// <summary>The email channel as the app wires it (shipped templates, pool, signed links), pointed at an <see cref="SmtpSink"/>.</summary>
public sealed class EmailHarness : IAsyncDisposable
{
    public const string From = "Example Status <status@example.net>";
    public const string PublicUrl = "https://status.example.com";

    private readonly ServiceProvider _services;

    public EmailHarness(SmtpSink sink, int connections = 2, Action<EmailOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.Configure<StatusPageOptions>(page => (page.Name, page.PublicUrl) = ("Example", PublicUrl));
        services.AddSingleton<IPageAddress>(s => s.GetRequiredService<IOptions<StatusPageOptions>>().Value);
        services.Configure<EmailOptions>(email =>
        {
            email.From = From;
            email.Smtp.Host = sink.Host;
            email.Smtp.Port = sink.Port;
            email.Smtp.Security = SmtpSecurity.None;
            email.Smtp.Connections = connections;
            email.Smtp.TimeoutSeconds = 5;
            configure?.Invoke(email);
        });
        services.AddSingleton(new TemplateLibrary(Path.Combine(RepositoryRoot.Path, "templates"), NullLogger<TemplateLibrary>.Instance));
        services.AddSingleton<MessageRenderer>();
        services.AddSingleton<SmtpPool>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IRecipientLinks, StatusHub.Subscribers.PreferenceLinks>();
        services.AddSingleton<EmailChannel>();
        _services = services.BuildServiceProvider();
    }

    public EmailChannel Channel => _services.GetRequiredService<EmailChannel>();

    public UnsubscribeLinks Links => _services.GetRequiredService<UnsubscribeLinks>();

    /// <summary>An "incident created" notice to <paramref name="to"/>, rendered through the shipped templates.</summary>
    public OutgoingMessage Message(string to, string title = "Elevated API errors", string body = "We are **looking** into it.", string notificationId = "n1")
    {
        var now = TestStore.Start.UtcDateTime;
        var update = new IncidentUpdate { Id = "u1", Status = IncidentStatus.Investigating, Body = body, Author = "staff@example.net", PostedAt = now, DisplayAt = now };
        var incident = new Incident { Id = "i1", Title = title, Status = IncidentStatus.Investigating, Updates = [update], CreatedAt = now, UpdatedAt = now };
        var content = IncidentNotice.For(NotificationEvent.IncidentCreated, incident, update, new PageInfo("Example", PublicUrl), OverallStatus.Operational, id => id);
        var rendered = _services.GetRequiredService<MessageRenderer>().Render(ChannelNames.Email, content);
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

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
