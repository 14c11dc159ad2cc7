using System.Security.Cryptography;
using System.Text;
using StatusHub.Audit;
using StatusHub.Storage;
using StatusHub.Time;

namespace StatusHub.Staff.Telegram;

/// <summary>
/// Issues and redeems <see cref="TelegramLinkCode"/>s: 50 random bits in an alphabet without look-alikes, valid
/// <see cref="Lifetime"/>, one live code per account (a new one voids the old), stored as a hash. Guessing is kept
/// out of reach by the bot's limit on attempts per Telegram user (<see cref="TelegramLinkAttempts"/>).
/// </summary>
public sealed class TelegramLinkCodes(LiteStore store, StaffAccountService accounts, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Ended codes are kept this long, to tell "already used" from "wrong", then deleted.</summary>
    public static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromDays(1);

    /// <summary>Crockford's base 32: digits and capitals without I, L, O and U, so nothing reads as something else.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Ten characters of 5 bits each: 50 bits.</summary>
    public const int Length = 10;

    /// <summary>The start parameter of the t.me deep link: <c>https://t.me/bot?start=link-CODE</c>.</summary>
    public const string StartPrefix = "link-";

    /// <summary>Longer text is no code of ours; it is not read at all.</summary>
    public const int MaxInputLength = 32;

    /// <summary>Issues a new code for <paramref name="accountId"/> and voids the account's earlier ones; audited under <paramref name="actor"/>.</summary>
    public IssuedLinkCode Issue(string accountId, string actor)
    {
        var account = accounts.Get(accountId);
        if (account.Disabled)
        {
            throw new ValidationException("A disabled staff account cannot be linked.");
        }

        var digits = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            digits[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        var code = new string(digits);
        var now = time.GetUtcNow().UtcDateTime;
        // Worked out here, not inside the query: LiteDB mistranslates some date arithmetic (AddDays) in an expression.
        var forgetBefore = now - KeptAfterExpiry;
        var issued = new TelegramLinkCode { Id = Hash(code), AccountId = account.Id, IssuedAt = now, ExpiresAt = now + Lifetime };
        store.Write(scope =>
        {
            var codes = scope.Collection<TelegramLinkCode>();
            codes.DeleteMany(c => c.ExpiresAt < forgetBefore);
            foreach (var earlier in codes.Find(c => c.AccountId == account.Id && c.EndedAt == null).ToList())
            {
                scope.Update(earlier with { EndedAt = now, End = TelegramLinkCodeEnd.Replaced }, "The link code");
            }

            scope.Insert(issued);
            scope.Audit(now, actor, "telegram.link-code-issued", StaffAccount.AuditSubject(account.Email), $"valid until {UtcText.Format(issued.ExpiresAt)}");
        }, affectsStatusPage: false);
        return new IssuedLinkCode(Display(code), issued.ExpiresAt);
    }

    /// <summary>
    /// Spends the code typed as <paramref name="text"/> and returns the account it links to; null, with the sentence to
    /// answer in <paramref name="refusal"/>, when it is wrong, expired, used or void. Used at most once, however often it is sent.
    /// </summary>
    public TelegramLinkCode? Redeem(string? text, out string? refusal)
    {
        var found = Find(text);
        refusal = Refusal(found);
        if (refusal is not null)
        {
            return null;
        }

        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            return store.Write(scope => scope.Update(found! with { EndedAt = now, End = TelegramLinkCodeEnd.Used }, "The link code"), affectsStatusPage: false);
        }
        catch (ConcurrencyConflictException)
        {
            refusal = Refusal(found! with { End = TelegramLinkCodeEnd.Used });
            return null;
        }
    }

    /// <summary>Voids the code in <paramref name="text"/> if it is live (it was seen by others); audited under <paramref name="actor"/>. True when one was voided.</summary>
    public bool Void(string? text, string actor, string details)
    {
        if (Find(text) is not { } found || Refusal(found) is not null)
        {
            return false;
        }

        return store.Write(scope =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var live = scope.Collection<TelegramLinkCode>().FindById(found.Id);
            if (live is null || live.EndedAt is not null)
            {
                return false;
            }

            scope.Update(live with { EndedAt = now, End = TelegramLinkCodeEnd.ShownInAGroup }, "The link code");
            var email = accounts.Find(live.AccountId)?.Email ?? live.AccountId;
            scope.Audit(now, actor, "telegram.link-code-voided", StaffAccount.AuditSubject(email), details);
            return true;
        }, affectsStatusPage: false);
    }

    /// <summary>The code as the account page shows it: two groups of five, easier to read out and type.</summary>
    public static string Display(string code) => $"{code[..(Length / 2)]}-{code[(Length / 2)..]}";

    /// <summary>
    /// The code in <paramref name="text"/> as issued: case, spaces and dashes do not matter, and the look-alikes Crockford
    /// allows (O for 0, I and L for 1) are read as meant. Null when it cannot be a code.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (text is null || text.Length > MaxInputLength)
        {
            return null;
        }

        var code = new StringBuilder(Length);
        foreach (var c in text)
        {
            var digit = char.ToUpperInvariant(c) switch
            {
                '-' or ' ' => (char?)null,
                'O' => '0',
                'I' or 'L' => '1',
                var upper when Alphabet.Contains(upper, StringComparison.Ordinal) => upper,
                _ => '!',
            };
            if (digit == '!')
            {
                return null;
            }

            if (digit is { } kept)
            {
                code.Append(kept);
            }
        }

        return code.Length == Length ? code.ToString() : null;
    }

    private TelegramLinkCode? Find(string? text) =>
        Normalize(text) is { } code ? store.Collection<TelegramLinkCode>().FindById(Hash(code)) : null;

    private string? Refusal(TelegramLinkCode? code) => code switch
    {
        null => "That link code is not right: check it, or get a new one on your account page.",
        { End: TelegramLinkCodeEnd.Used } => "That link code was used already: get a new one on your account page.",
        { End: TelegramLinkCodeEnd.Replaced } => "A newer link code replaced that one: send the newest, or get a new one on your account page.",
        { End: TelegramLinkCodeEnd.ShownInAGroup } => "That link code was sent in a group, so it no longer works: get a new one on your account page.",
        _ when code.ExpiresAt <= time.GetUtcNow().UtcDateTime => $"That link code has expired (they last {Lifetime.TotalMinutes:0} minutes): get a new one on your account page.",
        _ => null,
    };

    private static string Hash(string code) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(code)));
}
