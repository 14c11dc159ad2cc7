using StatusHub.Channels;
using StatusHub.Subscribers.Staff;

namespace StatusHub.Subscribers;

public static class SubscribersExtensions
{
    /// <summary>The per-IP rate limit every public subscription endpoint (email, SMS, webhook, confirmations, preferences) uses.</summary>
    public const string RateLimitPolicy = "subscribe";

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
        builder.Services.AddRateLimiter(options => options.AddPolicy<string, SubscribeRateLimit>(RateLimitPolicy));
        return builder;
    }

    /// <summary>The public subscribe panel, email sign-up and confirmation, subscribers' preference pages, unsubscribing from email, and the staff CSV export.</summary>
    public static IEndpointRouteBuilder MapSubscribers(this IEndpointRouteBuilder endpoints) => SubscribeEndpoints.Map(endpoints).MapSubscriberExport().MapUnsubscribe();
}
