using StatusHub.Subscribers.Telegram;

namespace StatusHub.Conversations;

public static class ConversationsExtensions
{
    /// <summary>Customers' messages: the Contact us form, the bot's private chats, forwarding to the staff chat, answers, retention.</summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConversationsOptions>()
            .Bind(builder.Configuration.GetSection(ConversationsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ContactLimits>();
        builder.Services.AddSingleton<ConversationService>();
        builder.Services.AddSingleton<ITelegramUpdateHandler, ConversationBot>();
        builder.Services.AddSingleton<ConversationForwarder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ConversationForwarder>());
        builder.Services.AddHostedService<AnswerFailureReporter>();
        builder.Services.AddSingleton<ConversationRetention>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ConversationRetention>());
        builder.Services.AddSingleton<StaticExport.IExportSource, ContactExportSource>();
        return builder;
    }

    /// <summary>The public form and the staff export; the staff pages are routed components.</summary>
    public static IEndpointRouteBuilder MapConversations(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapContactForm().MapConversationExport();
}
