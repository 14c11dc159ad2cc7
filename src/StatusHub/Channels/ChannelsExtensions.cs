using Microsoft.Extensions.Options;
using StatusHub.Channels.Announcements;
using StatusHub.Channels.Email;
using StatusHub.Channels.Outbox;
using StatusHub.Channels.Sms;
using StatusHub.Channels.Social;
using StatusHub.Channels.Telegram;
using StatusHub.Channels.Templates;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Channels;

public static class ChannelsExtensions
{
    /// <summary>
    /// The out-of-band channel layer: one options class per section (a channel with missing keys is off and
    /// says which), templates, the durable outbox and its dispatcher.
    /// </summary>
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelegramOptions>().Bind(builder.Configuration.GetSection(TelegramOptions.Section))
            .PostConfigure<IConfiguration>((telegram, configuration) =>
                telegram.ReadStaffUserIds(configuration.GetSection(TelegramOptions.Section).GetSection(nameof(TelegramOptions.StaffUserIds))));
        builder.Services.AddOptions<EmailOptions>().Bind(builder.Configuration.GetSection(EmailOptions.Section));
        builder.Services.AddOptions<SmsOptions>().Bind(builder.Configuration.GetSection(SmsOptions.Section))
            .PostConfigure<IConfiguration>((sms, configuration) => sms.ApplyPostmortemsSwitch(configuration.GetValue<bool>(SmsOptions.PostmortemsSwitch)));
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section));
        builder.Services.AddOptions<MastodonOptions>().Bind(builder.Configuration.GetSection(MastodonOptions.Section));
        builder.Services.AddOptions<BlueskyOptions>().Bind(builder.Configuration.GetSection(BlueskyOptions.Section));

        builder.Services.AddHttpClient(TelegramChannel.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<TelegramClients>();
        builder.Services.AddHttpClient<SignedPoster>(client => client.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(SignedPoster.CreateHandler);

        builder.Services.AddSingleton<TemplateLibrary>();
        builder.Services.AddSingleton<MessageRenderer>();
        builder.Services.AddSingleton<PageLanguage>();
        builder.Services.AddSingleton<SmtpPool>();
        builder.Services.AddSingleton<UnsubscribeLinks>();
        builder.Services.AddSingleton<TelegramChatMoves>();
        builder.Services.AddSingleton<INotificationChannel, TelegramChannel>();
        builder.Services.AddSingleton<INotificationChannel, EmailChannel>();
        builder.Services.AddSingleton<INotificationChannel, SmsChannel>();
        builder.Services.AddSingleton<INotificationChannel, WebhookChannel>();
        builder.Services.AddOptions<AnnouncementOptions>().Bind(builder.Configuration.GetSection(AnnouncementOptions.Section));
        builder.Services.AddSingleton<AnnouncementEndpointService>();
        foreach (var platform in AnnouncementPlatform.All)
        {
            builder.Services.AddSingleton<INotificationChannel>(services => ActivatorUtilities.CreateInstance<AnnouncementChannel>(services, platform));
        }

        builder.Services.AddSingleton<BlueskyXrpc>();
        builder.Services.AddSingleton<BlueskySessions>();
        builder.Services.AddSingleton<INotificationChannel, MastodonChannel>();
        builder.Services.AddSingleton<INotificationChannel, BlueskyChannel>();
        builder.Services.AddSingleton<IRecipientSource, ConfiguredRecipients>();
        builder.Services.AddSingleton<WebhookEndpointService>();
        builder.Services.AddSingleton<NotificationPublisher>();
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddSingleton<OutboxReadModel>();
        builder.Services.AddSingleton<DeliveryReceipts>();
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DeliveryRetention>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeliveryRetention>());
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddSingleton<ChannelHealthService>();
        // The host waits for the dispatcher's grace and the outcomes it then writes, not its default 30 s whatever the grace.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<OutboxOptions>>((host, outbox) =>
            host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (outbox.Value.ShutdownGrace + TimeSpan.FromSeconds(10)).Ticks)));
        builder.Services.AddSingleton<Dispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Dispatcher>());
        return builder;
    }

    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder endpoints)
    {
        // Short links for SMS and other tight spaces.
        endpoints.MapGet("/i/{id}", (string id) => Results.Redirect($"/incidents/{Uri.EscapeDataString(id)}"));
        endpoints.MapGet("/m/{id}", (string id) => Results.Redirect($"/maintenance/{Uri.EscapeDataString(id)}"));
        endpoints.MapSmsStatus();
        return endpoints;
    }
}
