using System.Buffers.Text;
using System.Security.Cryptography;
using StatusHub.Storage;

namespace StatusHub.Subscribers.Telegram;

/// <summary>
/// A single-use /start token minted by the subscribe page, carrying the components chosen there.
/// Only its hash is stored, so a copy of the database subscribes nobody.
/// </summary>
public sealed record TelegramStartToken
{
    /// <summary>SHA-256 hex of the token.</summary>
    public required string Id { get; init; }
    public bool AllComponents { get; init; } = true;
    public List<string> ComponentIds { get; init; } = [];
    public DateTime ExpiresAt { get; init; }
}

public sealed class TelegramStartTokens(LiteStore store, TimeProvider time)
{
    /// <summary>Long enough to install Telegram and press Start; short enough that a forwarded link goes stale.</summary>
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(1);

    /// <summary>Telegram's limit for a deep-link start parameter.</summary>
    public const int MaxLength = 64;

    /// <summary>A fresh token (URL-safe, as t.me's start parameter wants); expired ones are swept on the way.</summary>
    public string Mint(bool allComponents, IReadOnlyCollection<string> componentIds)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var now = time.GetUtcNow().UtcDateTime;
        store.Write(scope =>
        {
            var tokens = scope.Collection<TelegramStartToken>();
            tokens.DeleteMany(t => t.ExpiresAt < now);
            tokens.Insert(new TelegramStartToken
            {
                Id = SubscriberService.Hash(token),
                AllComponents = allComponents,
                ComponentIds = allComponents ? [] : [.. componentIds],
                ExpiresAt = now + ValidFor,
            });
        }, affectsStatusPage: false);
        return token;
    }

    /// <summary>The choice the token carries, once: it is deleted whether it was still valid or not. Null when unknown, used or expired.</summary>
    public TelegramStartToken? Redeem(string token)
    {
        if (token.Length is 0 or > MaxLength)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        return store.Write(scope =>
        {
            var tokens = scope.Collection<TelegramStartToken>();
            var found = tokens.FindById(SubscriberService.Hash(token));
            if (found is null)
            {
                return null;
            }

            tokens.Delete(found.Id);
            return found.ExpiresAt >= now ? found : null;
        }, affectsStatusPage: false);
    }
}
