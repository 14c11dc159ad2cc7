using StatusHub.Channels;

namespace StatusHub.Subscribers;

public static class SubscribersExtensions
{
    public static IHostApplicationBuilder AddSubscribers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SubscriberService>();
        builder.Services.AddSingleton<IRecipientSource, SubscriberRecipients>();
        builder.AddSmsAndWebhookSubscriptions();
        return builder;
    }
}
