namespace StatusHub.Subscribers.Telegram;

public static class TelegramBotExtensions
{
    /// <summary>The bot people subscribe with: update receiver (polling or webhook), commands, start tokens.</summary>
    public static IHostApplicationBuilder AddTelegramBot(this IHostApplicationBuilder builder)
    {
        // Above the long poll's own timeout, so a quiet poll ends on Telegram's side, not ours.
        builder.Services.AddHttpClient(TelegramBotConnection.HttpClientName, client => client.Timeout = TelegramUpdateReceiver.PollTimeout + TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton<TelegramBotConnection>();
        builder.Services.AddSingleton<TelegramStartTokens>();
        builder.Services.AddSingleton<TelegramUpdateCursors>();
        builder.Services.AddSingleton<TelegramCommands>();
        builder.Services.AddHostedService<TelegramUpdateReceiver>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTelegramBot(this IEndpointRouteBuilder endpoints)
    {
        // Each visit mints a stored token: limited per client like the other sign-ups.
        endpoints.MapGet("/subscribe/telegram", TelegramBotEndpoints.SubscribeAsync).RequireRateLimiting(SubscribersExtensions.RateLimitPolicy);
        endpoints.MapPost(TelegramUpdateReceiver.WebhookPath, TelegramBotEndpoints.ReceiveAsync).DisableAntiforgery();
        return endpoints;
    }
}
