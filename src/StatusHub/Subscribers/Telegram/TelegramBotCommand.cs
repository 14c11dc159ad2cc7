namespace StatusHub.Subscribers.Telegram;

/// <summary>A command sent to the bot: its name, lower case, and what followed it.</summary>
public sealed record TelegramBotCommand(string Name, string? Argument)
{
    /// <summary>"/status@statushub_bot now" → status, "now". A command addressed to another bot is none of ours.</summary>
    public static async Task<TelegramBotCommand?> ParseAsync(string text, TelegramBotConnection bot, CancellationToken cancellationToken)
    {
        if (!text.StartsWith('/'))
        {
            return null;
        }

        var space = text.IndexOfAny([' ', '\n', '\t']);
        var head = space < 0 ? text[1..] : text[1..space];
        var argument = space < 0 ? null : text[(space + 1)..].Trim();
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var addressee = head[(at + 1)..];
            head = head[..at];
            if (!string.Equals(addressee, await bot.UsernameAsync(cancellationToken), StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return new TelegramBotCommand(head.ToLowerInvariant(), argument);
    }
}
