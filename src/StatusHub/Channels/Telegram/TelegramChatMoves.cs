using System.Collections.Concurrent;
using System.Globalization;
using StatusHub.Storage;

namespace StatusHub.Channels.Telegram;

/// <summary>A group Telegram moved to a new id when it became a supergroup.</summary>
public sealed record TelegramChatMove
{
    /// <summary>The id the group had, as configured or stored as a delivery target.</summary>
    public required string Id { get; init; }

    public long To { get; init; }
    public DateTime At { get; init; }
}

/// <summary>A chat that moved while the configuration still names its old id: <paramref name="Key"/> wants the new one.</summary>
public sealed record UnconfiguredMove(TelegramChatMove Move, string Key);

/// <summary>
/// A Telegram group that becomes a supergroup (past 200 members, or when an admin turns on some settings) gets a new
/// chat id, and the Bot API refuses the old one with 400 and <c>migrate_to_chat_id</c>. The move is learnt from that
/// answer or from the service message the bot sees in the new supergroup, kept in the store so it survives restarts,
/// and applied to every later post and command until the configuration names the new id.
/// </summary>
public sealed class TelegramChatMoves(LiteStore store, TimeProvider time, ILogger<TelegramChatMoves> logger)
{
    private readonly Lazy<ConcurrentDictionary<string, long>> _moves = new(() => new ConcurrentDictionary<string, long>(
        store.Collection<TelegramChatMove>().FindAll().Select(m => KeyValuePair.Create(m.Id, m.To)), StringComparer.Ordinal));

    /// <summary>Where posts for <paramref name="chat"/> go now: the supergroup it became, or itself.</summary>
    public string Current(string chat)
    {
        var at = chat;
        // A chain (moved, then moved again) is followed; a loop is not.
        for (var hops = 0; hops < 4 && _moves.Value.TryGetValue(at, out var to); hops++)
        {
            at = to.ToString(CultureInfo.InvariantCulture);
        }

        return at;
    }

    /// <summary>Moves of chats the configuration still names by their old id, with the key that needs updating.</summary>
    public IReadOnlyList<UnconfiguredMove> Unconfigured(TelegramOptions configured)
    {
        var named = new[]
            {
                ("Telegram:ChannelChatId", configured.ChannelChatId),
                ("Telegram:GroupChatId", configured.GroupChatId),
                ("Telegram:StaffChatId", configured.StaffChatId),
            }
            .Where(c => !string.IsNullOrWhiteSpace(c.Item2))
            .Select(c => (Key: c.Item1, Chat: c.Item2!.Trim()))
            .ToList();
        return named.Count == 0
            ? []
            : [.. store.Collection<TelegramChatMove>().FindAll().SelectMany(m => named.Where(n => n.Chat == m.Id).Select(n => new UnconfiguredMove(m, n.Key)))];
    }

    /// <summary>Records that <paramref name="from"/> is now <paramref name="to"/>; false when that was known already.</summary>
    /// <param name="configurationKey">The key that names the chat, for the log line saying what to update.</param>
    public bool Record(string from, long to, string configurationKey = "Telegram:GroupChatId")
    {
        if (_moves.Value.TryGetValue(from, out var known) && known == to)
        {
            return false;
        }

        var move = new TelegramChatMove { Id = from, To = to, At = time.GetUtcNow().UtcDateTime };
        store.Write(scope => scope.Collection<TelegramChatMove>().Upsert(move), affectsStatusPage: false);
        _moves.Value[from] = to;
        logger.LogWarning(
            "The Telegram group {From} became the supergroup {To}; StatusHub follows it there from now on. Set {Key} to {To} so the configuration says so too.",
            from, to, configurationKey, to);
        return true;
    }
}
