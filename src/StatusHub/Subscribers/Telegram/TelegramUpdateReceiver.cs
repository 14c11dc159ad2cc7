using Microsoft.Extensions.Options;
using StatusHub.Channels.Telegram;
using StatusHub.StatusPage;
using global::Telegram.Bot;
using global::Telegram.Bot.Types;
using global::Telegram.Bot.Types.Enums;

namespace StatusHub.Subscribers.Telegram;

/// <summary>
/// Brings the bot its updates: by long polling getUpdates (the default, no public URL needed), or by telling
/// Telegram where the webhook is and leaving the rest to <c>POST /telegram/updates</c>. Off, with one log line
/// naming the key, while it has no token or no chat to serve (a channel, a discussion group or a staff chat).
/// </summary>
public sealed class TelegramUpdateReceiver(
    TelegramBotConnection bot,
    TelegramCommands commands,
    TelegramUpdateCursors cursors,
    IOptions<StatusPageOptions> page,
    TimeProvider time,
    ILogger<TelegramUpdateReceiver> logger) : BackgroundService
{
    public const string WebhookPath = "/telegram/updates";
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(25);
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    /// <summary>Why the bot cannot run, naming the key to set; null when it can.</summary>
    public static string? Problem(TelegramOptions telegram, StatusPageOptions page)
    {
        if (telegram.BotProblem() is { } botProblem)
        {
            return botProblem;
        }

        if (!telegram.UsesWebhook)
        {
            return string.Equals(telegram.UpdatesMode?.Trim(), TelegramOptions.PollingMode, StringComparison.OrdinalIgnoreCase)
                ? null
                : $"Telegram:UpdatesMode '{telegram.UpdatesMode}' is neither {TelegramOptions.PollingMode} nor {TelegramOptions.WebhookMode}";
        }

        if (telegram.WebhookSecret is not { Length: >= 16 and <= 256 } secret || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return "Telegram:WebhookSecret must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - when Telegram:UpdatesMode is Webhook";
        }

        return Uri.TryCreate(page.PublicUrl, UriKind.Absolute, out var url) && url.Scheme == "https"
            ? null
            : "StatusPage:PublicUrl must be the https address Telegram can reach when Telegram:UpdatesMode is Webhook";
    }

    public static string WebhookUrl(StatusPageOptions page) => page.PublicUrl!.TrimEnd('/') + WebhookPath;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = bot.Options;
        if (Problem(options, page.Value) is { } problem)
        {
            logger.LogInformation("The Telegram bot is off: {Problem}.", problem);
            return;
        }

        if (options.UsesWebhook)
        {
            // One connection: updates arrive in order, so one past the cursor is new and one at or below it a repeat.
            await RetryAsync("setWebhook", ct => bot.Client().SetWebhook(WebhookUrl(page.Value), maxConnections: 1, allowedUpdates: AllowedUpdates, secretToken: options.WebhookSecret, cancellationToken: ct), stoppingToken);
            return;
        }

        // getUpdates is refused while a webhook is set.
        await RetryAsync("deleteWebhook", ct => bot.Client().DeleteWebhook(cancellationToken: ct), stoppingToken);
        await PollAsync(stoppingToken);
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var offset = cursors.NextOffset();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                updates = await bot.Client().GetUpdates(offset, 100, (int)PollTimeout.TotalSeconds, AllowedUpdates, stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = TelegramBotConnection.Backoff(++failures, ex);
                logger.LogWarning("Telegram getUpdates failed ({Failures} in a row): {Error}. Trying again in {Delay}.", failures, ex.Message, delay);
                await DelayAsync(delay, stoppingToken);
                continue;
            }

            foreach (var update in updates)
            {
                // Confirmed at the next poll whatever happens here: one bad update must not block the ones after it.
                offset = update.Id + 1;
                try
                {
                    await commands.HandleAsync(update, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Telegram update {UpdateId} could not be handled", update.Id);
                }
            }
        }
    }

    private async Task RetryAsync(string what, Func<CancellationToken, Task> call, CancellationToken stoppingToken)
    {
        for (var failures = 1; !stoppingToken.IsCancellationRequested; failures++)
        {
            try
            {
                await call(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = TelegramBotConnection.Backoff(failures, ex);
                logger.LogWarning("Telegram {Method} failed: {Error}. Trying again in {Delay}.", what, ex.Message, delay);
                await DelayAsync(delay, stoppingToken);
            }
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
