namespace StatusHub.Subscribers.Telegram;

/// <summary>A command as typed: "/status@statushub_bot now" → status, "now". One addressed to another bot is none of ours.</summary>
public sealed record TelegramCommandLine(string Name, string? Argument)
{
    /// <summary>Null when <paramref name="text"/> is no command, or one for another bot (<paramref name="botUsername"/> says who we are).</summary>
    public static async Task<TelegramCommandLine?> ParseAsync(string text, Func<CancellationToken, Task<string?>> botUsername, CancellationToken cancellationToken)
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
            if (!string.Equals(head[(at + 1)..], await botUsername(cancellationToken), StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            head = head[..at];
        }

        return new TelegramCommandLine(head.ToLowerInvariant(), argument);
    }
}
