using StatusHub.Channels;
using StatusHub.Subscribers.Staff;

namespace StatusHub.Subscribers;

public static class SubscribersExtensions
{
    /// <summary>The per-IP rate limit of the public sign-ups (email, SMS, webhook, Telegram) and of typed SMS codes.</summary>
    public const string RateLimitPolicy = "subscribe";

    /// <summary>The looser per-IP rate limit of subscribers' own links: email confirmation, preferences, leaving.</summary>
    public const string LinkRateLimitPolicy = "subscriber-links";

    public static IHostApplicationBuilder AddSubscribers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SubscribersOptions>()
            .Bind(builder.Configuration.GetSection(SubscribersOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SubscriberService>();
        builder.Services.AddSingleton<IRecipientSource, SubscriberRecipients>();
        builder.AddSmsAndWebhookSubscriptions();
        builder.Services.AddSingleton<PreferenceLinks>();
        builder.Services.AddSingleton<IRecipientLinks>(services => services.GetRequiredService<PreferenceLinks>());
        builder.Services.AddSingleton<AddressLimiter>();
        builder.Services.AddSingleton<EmailSubscriptions>();
        builder.Services.AddSingleton<SignUpChannels>();
        builder.Services.AddSingleton<SubscriberDirectory>();
        builder.Services.AddSingleton<SubscriberEnrolment>();
        builder.Services.AddSingleton<SubscriberImport>();
        builder.Services.AddSingleton<SubscriberImportJobs>();
        builder.Services.AddSingleton<SignUpCleanup>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SignUpCleanup>());
        builder.Services.AddRateLimiter(options => options
            .AddPolicy<string, SubscribeRateLimit>(RateLimitPolicy)
            .AddPolicy<string, SubscriberLinkRateLimit>(LinkRateLimitPolicy));
        return builder;
    }

    /// <summary>The public subscribe panel, email sign-up and confirmation, subscribers' preference pages, unsubscribing from email, and the staff CSV export.</summary>
    public static IEndpointRouteBuilder MapSubscribers(this IEndpointRouteBuilder endpoints) => SubscribeEndpoints.Map(endpoints).MapSubscriberExport().MapUnsubscribe();
}
