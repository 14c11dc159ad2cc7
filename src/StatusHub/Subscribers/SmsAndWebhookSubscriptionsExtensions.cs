using Microsoft.Extensions.Options;
using StatusHub.Channels.Webhooks;

namespace StatusHub.Subscribers;

/// <summary>Registration of the public SMS and webhook sign-ups (the email and Telegram ones register beside them).</summary>
public static class SmsAndWebhookSubscriptionsExtensions
{
    public static IHostApplicationBuilder AddSmsAndWebhookSubscriptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(PublicOnlyPoster.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(services =>
            {
                var options = services.GetRequiredService<IOptionsMonitor<SubscribersOptions>>();
                return PrivateNetworks.CreatePublicOnlyHandler(() => options.CurrentValue.AllowPrivateWebhooks);
            });
        builder.Services.AddSingleton<PublicOnlyPoster>();
        builder.Services.AddSingleton<SmsCodeLimiter>();
        builder.Services.AddSingleton<SmsSignUp>();
        builder.Services.AddSingleton<WebhookSignUp>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSmsAndWebhookSubscriptions(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapSmsSubscriptions().MapWebhookSubscriptions();
}
