using System.Globalization;
using StatusHub.Storage;

namespace StatusHub.Subscribers.Telegram;

/// <summary>The last update one bot handled, so a restart neither loses nor repeats one.</summary>
public sealed record TelegramUpdateCursor : IVersioned
{
    /// <summary>The bot's id: another bot numbers its updates on its own.</summary>
    public required string Id { get; init; }

    public int Version { get; init; }
    public int LastUpdateId { get; init; }
    public DateTime HandledAt { get; init; }
}

/// <summary>
/// Handles each Telegram update once, whether it came by polling or by webhook and across restarts: one at a time,
/// an update at or below the stored cursor is dropped, and the cursor moves once the update is handled.
/// </summary>
public sealed class TelegramUpdateCursors(LiteStore store, TelegramBotConnection bot, TimeProvider time)
{
    /// <summary>
    /// After a week without updates Telegram numbers the next one at random, possibly below the cursor; a cursor this old
    /// is not trusted (Telegram keeps undelivered updates a day, so a handled update was at most that old).
    /// </summary>
    public static readonly TimeSpan TrustedFor = TimeSpan.FromDays(6);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private TelegramUpdateCursor? _cursor;

    /// <summary>The getUpdates offset to resume at: the update after the last one handled, or null (whatever Telegram holds).</summary>
    public int? NextOffset() => Trusted(Load()) is { } cursor ? cursor.LastUpdateId + 1 : null;

    /// <summary>
    /// Runs <paramref name="handle"/> unless <paramref name="updateId"/> was handled already. An update that fails counts as
    /// handled (one bad update must not block the ones after it); one cut short because the app is stopping does not.
    /// </summary>
    public async Task HandleOnceAsync(int updateId, Func<CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (Trusted(Load()) is { } cursor && updateId <= cursor.LastUpdateId)
            {
                return;
            }

            try
            {
                await handle(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch
            {
                Record(updateId);
                throw;
            }

            Record(updateId);
        }
        finally
        {
            _turn.Release();
        }
    }

    private string BotId => bot.Client().BotId.ToString(CultureInfo.InvariantCulture);

    private TelegramUpdateCursor? Load() => _cursor?.Id == BotId ? _cursor : _cursor = store.Collection<TelegramUpdateCursor>().FindById(BotId);

    private TelegramUpdateCursor? Trusted(TelegramUpdateCursor? cursor) =>
        cursor is not null && time.GetUtcNow().UtcDateTime - cursor.HandledAt < TrustedFor ? cursor : null;

    private void Record(int updateId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stored = Load();
        _cursor = store.Write(scope => stored is null
            ? scope.Insert(new TelegramUpdateCursor { Id = BotId, LastUpdateId = updateId, HandledAt = now })
            : scope.Update(stored with { LastUpdateId = updateId, HandledAt = now }, "The Telegram update cursor"), affectsStatusPage: false, allowedWhileReadOnly: SystemWrite.BotUpdateCursor);
    }
}
