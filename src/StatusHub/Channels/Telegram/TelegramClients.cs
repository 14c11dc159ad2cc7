using Microsoft.Extensions.Options;
using global::Telegram.Bot;

namespace StatusHub.Channels.Telegram;

/// <summary>
/// One Telegram client per named HTTP client (the channel's short timeout, the bot's long polls), made again when
/// Telegram:BotToken or Telegram:ApiBaseUrl changes.
/// </summary>
public sealed class TelegramClients(IOptionsMonitor<TelegramOptions> options, IHttpClientFactory httpClients)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Token, string BaseUrl, ITelegramBotClient Client)> _clients = new(StringComparer.Ordinal);

    public ITelegramBotClient For(string httpClientName)
    {
        var current = options.CurrentValue;
        lock (_lock)
        {
            if (_clients.TryGetValue(httpClientName, out var cached) && cached.Token == current.BotToken && cached.BaseUrl == current.ApiBaseUrl)
            {
                return cached.Client;
            }

            var client = Create(current, httpClients.CreateClient(httpClientName));
            _clients[httpClientName] = (current.BotToken!, current.ApiBaseUrl, client);
            return client;
        }
    }

    /// <summary>A client that never retries by itself: the outbox (or the bot's poller) owns retries, so a 429 is not sat on for a minute.</summary>
    public static ITelegramBotClient Create(TelegramOptions options, HttpClient http) =>
        new TelegramBotClient(new TelegramBotClientOptions(options.BotToken!, options.ApiBaseUrl.TrimEnd('/')) { RetryThreshold = 0, RetryCount = 0 }, http);
}
