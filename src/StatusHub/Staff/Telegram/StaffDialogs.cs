using System.Globalization;
using System.Security.Cryptography;
using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>The stored <see cref="StaffDialog"/>s: one live dialog per Telegram user, gone after <see cref="Lifetime"/> of silence.</summary>
public sealed class StaffDialogs(LiteStore store, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>The user's live dialog, or null (none, or it expired).</summary>
    public StaffDialog? Live(long userId) =>
        store.Collection<StaffDialog>().FindById(Key(userId)) is { } dialog && dialog.ExpiresAt > Now() ? dialog : null;

    /// <summary>A new dialog for the user in that chat, replacing any earlier one (whose buttons then do nothing).</summary>
    public StaffDialog Start(long userId, long chatId, string kind, int? replyTo) =>
        Save(new StaffDialog
        {
            Id = Key(userId),
            ChatId = chatId,
            Kind = kind,
            Nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)),
            ReplyTo = replyTo,
        });

    /// <summary>Stores the dialog as it is now and gives it another <see cref="Lifetime"/>.</summary>
    public StaffDialog Save(StaffDialog dialog) =>
        store.Write(scope =>
        {
            var dialogs = scope.Collection<StaffDialog>();
            var now = Now();
            dialogs.DeleteMany(d => d.ExpiresAt < now);
            var saved = dialog with { ExpiresAt = now + Lifetime };
            dialogs.Upsert(saved);
            return saved;
        }, affectsStatusPage: false);

    public void End(long userId) => store.Write(scope => scope.Collection<StaffDialog>().Delete(Key(userId)), affectsStatusPage: false);

    private static string Key(long userId) => userId.ToString(CultureInfo.InvariantCulture);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
