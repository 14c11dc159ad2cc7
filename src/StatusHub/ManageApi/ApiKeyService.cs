using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using StatusHub.Audit;
using StatusHub.Storage;

namespace StatusHub.ManageApi;

/// <summary>Creates, lists, revokes and checks management API keys; every change is audited.</summary>
public sealed class ApiKeyService(LiteStore store, TimeProvider time)
{
    public const string KeyPrefix = "shk_";
    public const int MaxNameLength = 100;
    private static readonly TimeSpan UseRecordedEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTime> _lastRecorded = new(StringComparer.Ordinal);

    public IReadOnlyList<ApiKey> All() => store.Collection<ApiKey>().Query().OrderByDescending(k => k.CreatedAt).ToList();

    public CreatedApiKey Create(string name, ApiKeyScope scope, string actor)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ValidationException("Give the key a name that says what uses it, e.g. \"deploy pipeline\".");
        }

        var trimmed = Validate.RequiredText(name, "A key name", MaxNameLength);

        var secret = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow().UtcDateTime;
        var key = new ApiKey
        {
            Id = Ids.New(),
            Name = trimmed,
            Scope = scope,
            Hash = HashOf(secret),
            Prefix = secret[..(KeyPrefix.Length + 6)],
            CreatedBy = actor,
            CreatedAt = now,
        };
        var saved = store.Write(
            s =>
            {
                var inserted = s.Insert(key);
                s.Audit(now, actor, "apikey.created", $"apikey:{key.Id}", $"{trimmed} ({scope.ToString().ToLowerInvariant()})");
                return inserted;
            },
            affectsStatusPage: false);
        return new CreatedApiKey(saved, secret);
    }

    public ApiKey Revoke(string id, string actor)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return store.Write(
            s =>
            {
                var keys = s.Collection<ApiKey>();
                var key = keys.FindById(id) ?? throw new NotFoundException($"There is no API key with id '{id}'.");
                if (key.IsRevoked)
                {
                    return key;
                }

                var revoked = s.Update(key with { RevokedAt = now, RevokedBy = actor }, $"API key {key.Name}");
                s.Audit(now, actor, "apikey.revoked", $"apikey:{key.Id}", key.Name);
                return revoked;
            },
            affectsStatusPage: false);
    }

    /// <summary>The live key a presented secret belongs to, or null (unknown, malformed or revoked).</summary>
    public ApiKey? Authenticate(string? presented)
    {
        if (presented is null || !presented.StartsWith(KeyPrefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }

        var hash = HashOf(presented);
        var key = store.Collection<ApiKey>().FindOne(k => k.Hash == hash);
        if (key is null || key.IsRevoked)
        {
            return null;
        }

        RecordUse(key);
        return key;
    }

    private void RecordUse(ApiKey key)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_lastRecorded.TryGetValue(key.Id, out var last) && now - last < UseRecordedEvery)
        {
            return;
        }

        _lastRecorded[key.Id] = now;
        store.Write(
            s =>
            {
                var keys = s.Collection<ApiKey>();
                if (keys.FindById(key.Id) is { } current)
                {
                    keys.Update(current with { LastUsedAt = now });
                }
            },
            affectsStatusPage: false,
            allowedWhileReadOnly: SystemWrite.SignIn);
    }

    internal static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
