using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using StatusHub.Audit;
using StatusHub.Channels.Telegram;
using StatusHub.Storage;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// Who may act as staff through the bot: a Telegram user on the allow-list (configuration or stored) and linked to an
/// enabled staff account. Anyone else changes nothing. Every change to the list or to a link is audited.
/// </summary>
public sealed class TelegramStaff(
    LiteStore store,
    StaffAccountService accounts,
    IOptionsMonitor<TelegramOptions> telegram,
    TelegramChatMoves moves,
    TimeProvider time,
    ILogger<TelegramStaff> logger)
{
    /// <summary>A refused user is audited at most this often, so someone hammering the bot cannot flood the audit log.</summary>
    public static readonly TimeSpan RefusalAuditInterval = TimeSpan.FromMinutes(10);

    private const int MaxRememberedRefusals = 10_000;
    private readonly ConcurrentDictionary<long, DateTime> _lastRefusalAudit = new();

    /// <summary>The audit action of <see cref="Refused"/>.</summary>
    public const string RefusedAction = "telegram.staff-refused";

    private const string SubjectPrefix = "telegram-user:";

    /// <summary>The audit log's subject for a Telegram user id.</summary>
    public static string AuditSubject(long telegramUserId) => SubjectPrefix + Key(telegramUserId);

    private static string Key(long telegramUserId) => telegramUserId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The staff chat's id now (followed when Telegram turned the group into a supergroup), or null when none is configured.</summary>
    public long? StaffChatId() =>
        telegram.CurrentValue.StaffChatId?.Trim() is { Length: > 0 } configured &&
        long.TryParse(moves.Current(configured), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public bool IsStaffChat(long chatId) => StaffChatId() == chatId;

    /// <summary>
    /// Records that a Telegram user who is not linked staff tried a staff command or button: logged each time, audited (so
    /// admins see it) at most once per <see cref="RefusalAuditInterval"/> per user.
    /// </summary>
    public void Refused(long telegramUserId, string? username, long chatId, string what)
    {
        logger.LogWarning("Refused a staff action from Telegram user {UserId} in chat {ChatId}: {What}", telegramUserId, chatId, what);
        var now = time.GetUtcNow().UtcDateTime;
        if (_lastRefusalAudit.TryGetValue(telegramUserId, out var last) && now - last < RefusalAuditInterval)
        {
            return;
        }

        if (_lastRefusalAudit.Count >= MaxRememberedRefusals)
        {
            _lastRefusalAudit.Clear();
        }

        _lastRefusalAudit[telegramUserId] = now;
        var who = username is { Length: > 0 and <= 32 } && username.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"@{username}, " : "";
        var reason = IsAllowed(telegramUserId) ? "allowed but not linked" : "not on the allow-list";
        var shortWhat = new string([.. what.Take(64).Where(c => !char.IsControl(c) && !char.IsSurrogate(c))]);
        store.Write(
            scope => scope.Audit(now, $"telegram:{Key(telegramUserId)}", RefusedAction, AuditSubject(telegramUserId), $"{who}{reason}, chat {chatId.ToString(CultureInfo.InvariantCulture)}: {shortWhat}"),
            affectsStatusPage: false);
    }

    public bool InConfiguration(long telegramUserId) => telegram.CurrentValue.StaffUserIds.Contains(telegramUserId);

    public bool IsAllowed(long telegramUserId) =>
        telegramUserId > 0 && (InConfiguration(telegramUserId) || store.Collection<TelegramStaffAllowance>().FindById(Key(telegramUserId)) is not null);

    /// <summary>The staff account this Telegram user acts as, or null: not allowed, not linked, or the account is disabled or gone.</summary>
    public StaffAccount? FindLinked(long telegramUserId)
    {
        if (!IsAllowed(telegramUserId) || store.Collection<TelegramStaffLink>().FindById(Key(telegramUserId)) is not { } link)
        {
            return null;
        }

        return accounts.Find(link.AccountId) is { Disabled: false } account ? account : null;
    }

    /// <summary>The allow-list stored by admins (the configured ids are in <see cref="TelegramOptions.StaffUserIds"/>).</summary>
    public IReadOnlyList<TelegramStaffAllowance> StoredAllowances() =>
        store.Collection<TelegramStaffAllowance>().FindAll().OrderBy(a => a.AddedAt).ToList();

    public IReadOnlyList<TelegramStaffLink> Links() => store.Collection<TelegramStaffLink>().FindAll().OrderBy(l => l.LinkedAt).ToList();

    public TelegramStaffLink? LinkOf(long telegramUserId) => store.Collection<TelegramStaffLink>().FindById(Key(telegramUserId));

    /// <summary>The Telegram users linked to one staff account (usually one).</summary>
    public IReadOnlyList<TelegramStaffLink> LinksOf(string accountId) =>
        store.Collection<TelegramStaffLink>().Find(l => l.AccountId == accountId).OrderBy(l => l.LinkedAt).ToList();

    /// <summary>The ids <c>Telegram:StaffUserIds</c> allows; they change with configuration only.</summary>
    public IReadOnlyList<long> ConfiguredUserIds() => [.. telegram.CurrentValue.StaffUserIds.Where(id => id > 0).Distinct()];

    /// <summary>The latest attempts by people who are not linked staff (<see cref="Refused"/>), newest first.</summary>
    public IReadOnlyList<AuditEntry> RecentRefusals(int count = 20) =>
        store.Collection<AuditEntry>().Query().Where(e => e.Action == RefusedAction).OrderByDescending(e => e.At).Limit(count).ToList();

    /// <summary>The Telegram user id an audit subject names (<see cref="AuditSubject"/>), or null.</summary>
    public static long? UserIdOf(string subject) =>
        subject.StartsWith(SubjectPrefix, StringComparison.Ordinal) && long.TryParse(subject.AsSpan(SubjectPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>A Telegram user id typed by a person: a positive number, or a sentence saying what is wrong.</summary>
    public static long ParseUserId(string? text) =>
        TelegramOptions.IsUserId(text)
            ? long.Parse(text!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture)
            : throw new ValidationException(string.IsNullOrWhiteSpace(text)
                ? "Enter the Telegram user id: the number /whoami shows the person."
                : "A Telegram user id is a positive number of up to 20 digits (the one /whoami shows), not a @username or a group's id.");

    /// <summary>Removes the link of <paramref name="telegramUserId"/> (only if it is to <paramref name="ofAccountId"/>, when given); audited under the account. False when there was none.</summary>
    public bool Unlink(long telegramUserId, string actor, string? ofAccountId = null) =>
        store.Write(scope =>
        {
            var links = scope.Collection<TelegramStaffLink>();
            if (links.FindById(Key(telegramUserId)) is not { } link || (ofAccountId is not null && link.AccountId != ofAccountId))
            {
                return false;
            }

            links.Delete(link.Id);
            var email = accounts.Find(link.AccountId)?.Email ?? link.AccountId;
            scope.Audit(time.GetUtcNow().UtcDateTime, actor, "telegram.staff-unlinked", StaffAccount.AuditSubject(email), $"Telegram user {Key(telegramUserId)}");
            return true;
        }, affectsStatusPage: false);

    public void Allow(long telegramUserId, string actor)
    {
        if (telegramUserId <= 0)
        {
            throw new ValidationException("A Telegram user id is a positive number (ask @userinfobot, or see it in the bot's refused attempts).");
        }

        store.Write(scope =>
        {
            if (scope.Collection<TelegramStaffAllowance>().FindById(Key(telegramUserId)) is not null)
            {
                return;
            }

            var now = time.GetUtcNow().UtcDateTime;
            scope.Insert(new TelegramStaffAllowance { Id = Key(telegramUserId), AddedBy = actor, AddedAt = now });
            scope.Audit(now, actor, "telegram.staff-allowed", AuditSubject(telegramUserId));
        }, affectsStatusPage: false);
    }

    /// <summary>Removes a stored allowance and the user's link; an id from configuration stays allowed until configuration changes.</summary>
    public void Disallow(long telegramUserId, string actor) =>
        store.Write(scope =>
        {
            var removed = scope.Collection<TelegramStaffAllowance>().Delete(Key(telegramUserId));
            var unlinked = scope.Collection<TelegramStaffLink>().Delete(Key(telegramUserId));
            if (removed || unlinked)
            {
                scope.Audit(time.GetUtcNow().UtcDateTime, actor, "telegram.staff-disallowed", AuditSubject(telegramUserId), unlinked ? "link removed" : "");
            }
        }, affectsStatusPage: false);

    /// <summary>Links an allowed Telegram user to <paramref name="accountId"/>, replacing an earlier link of that user.</summary>
    public TelegramStaffLink Link(long telegramUserId, string? username, string accountId, string actor)
    {
        if (!IsAllowed(telegramUserId))
        {
            throw new ValidationException("This Telegram user is not on the staff allow-list: an admin adds the id on the Channels page first.");
        }

        var account = accounts.Get(accountId);
        if (account.Disabled)
        {
            throw new ValidationException("A disabled staff account cannot be linked.");
        }

        var clean = username is { Length: > 0 and <= 32 } && username.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? username : null;
        return store.Write(scope =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var links = scope.Collection<TelegramStaffLink>();
            var existing = links.FindById(Key(telegramUserId));
            var link = existing is null
                ? scope.Insert(new TelegramStaffLink { Id = Key(telegramUserId), AccountId = account.Id, Username = clean, LinkedAt = now })
                : scope.Update(existing with { AccountId = account.Id, Username = clean, LinkedAt = now }, "The Telegram link");
            scope.Audit(now, actor, "telegram.staff-linked", StaffAccount.AuditSubject(account.Email), $"Telegram user {Key(telegramUserId)}");
            return link;
        }, affectsStatusPage: false);
    }
}
